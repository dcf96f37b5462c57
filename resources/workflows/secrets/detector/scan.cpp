// One file: build the scan buffer (the file, then every decoded view), run the single
// Hyperscan pass, confirm the anchors, resolve duplicates across layers and redact.

#include "assign.h"
#include "checks.h"
#include "database.h"
#include "decode.h"
#include "engine.h"
#include "rules.h"

#include <algorithm>
#include <climits>

namespace ffsecrets {

namespace {

constexpr std::size_t kMaxMatches = 200000;
constexpr std::size_t kSnippetWidth = 240;

struct Segment
{
    std::size_t bufBegin = 0, bufEnd = 0;
    std::size_t originBegin = 0, originEnd = 0; // the encoded form in the file
    std::vector<Layer> chain;                   // empty for the file itself
    bool specificOnly = false;
};

struct Raw
{
    int rule = 0;
    std::size_t seg = 0;
    std::size_t begin = 0, end = 0; // the value in the buffer
    Candidate cand;
    std::size_t originBegin = 0, originEnd = 0; // in the file: the value, or the encoded form
    bool dropped = false;
};

struct Match
{
    unsigned id;
    std::size_t to;
};

int onMatch(unsigned id, unsigned long long, unsigned long long to, unsigned, void *context)
{
    auto *matches = static_cast<std::vector<Match> *>(context);
    if (matches->size() >= kMaxMatches)
        return 1;
    matches->push_back({id, static_cast<std::size_t>(to)});
    return 0;
}

char pickQuote(std::string_view s)
{
    for (char q : {'"', '\'', '`'})
        if (s.find(q) == std::string_view::npos)
            return q;
    return '\0';
}

class BufferBuilder
{
public:
    BufferBuilder(std::string &buf, std::vector<Segment> &segs, std::size_t budget)
        : m_buf(buf)
        , m_segs(segs)
        , m_budget(budget)
    {}

    bool full() const { return m_buf.size() > m_budget; }

    // The decoded text, then "key = 'decoded'" when a key name precedes the encoded form, so
    // the key-driven rules see the decoded value in its context.
    void add(const View &v, const std::string &key, const Segment &parent, std::vector<Layer> chain,
             bool specificOnly)
    {
        if (full())
            return;
        m_buf.push_back('\n');
        Segment s;
        s.bufBegin = m_buf.size();
        m_buf += v.decoded;
        if (const char q = pickQuote(v.decoded); !key.empty() && q) {
            m_buf.push_back('\n');
            m_buf += key;
            m_buf += " = ";
            m_buf.push_back(q);
            m_buf += v.decoded;
            m_buf.push_back(q);
        }
        s.bufEnd = m_buf.size();
        s.originBegin = parent.chain.empty() ? v.originBegin : parent.originBegin;
        s.originEnd = parent.chain.empty() ? v.originEnd : parent.originEnd;
        s.chain = std::move(chain);
        s.specificOnly = specificOnly;
        m_segs.push_back(std::move(s));
    }

private:
    std::string &m_buf;
    std::vector<Segment> &m_segs;
    std::size_t m_budget;
};

bool better(const Raw &a, const Raw &b, std::span<const Rule> rs)
{
    const auto ga = rs[static_cast<std::size_t>(a.rule)].generic,
               gb = rs[static_cast<std::size_t>(b.rule)].generic;
    if (ga != gb)
        return !ga;
    if (a.cand.confidence != b.cand.confidence)
        return a.cand.confidence > b.cand.confidence;
    if (a.seg == 0 || b.seg == 0)
        return a.seg == 0 && b.seg != 0;
    return a.rule < b.rule;
}

// Same secret seen by several anchors or layers: keep the most specific, most confident view.
void resolve(std::vector<Raw> &raws, const std::string &buf, const std::vector<Segment> &segs)
{
    const auto rs = rules();
    std::sort(raws.begin(), raws.end(), [](const Raw &a, const Raw &b) {
        return std::tie(a.seg, a.begin, a.rule, a.end) < std::tie(b.seg, b.begin, b.rule, b.end);
    });
    for (std::size_t i = 0; i < raws.size(); ++i) {
        for (std::size_t j = i + 1;
             j < raws.size() && raws[j].seg == raws[i].seg && raws[j].begin < raws[i].end; ++j) {
            if (raws[i].dropped || raws[j].dropped)
                continue;
            Raw &a = raws[i], &b = raws[j];
            const bool aWins = a.rule != b.rule ? a.rule < b.rule : (a.end - a.begin) >= (b.end - b.begin);
            (aWins ? b : a).dropped = true;
        }
    }
    if (raws.size() > 4000)
        return;
    auto value = [&](const Raw &r) {
        return std::string_view(buf).substr(r.begin, r.end - r.begin);
    };
    for (std::size_t i = 0; i < raws.size(); ++i) {
        for (std::size_t j = 0; j < raws.size(); ++j) {
            Raw &a = raws[i], &b = raws[j];
            // Two places in the file itself are two occurrences; a decoded view holds its text
            // twice (as is, and after its key name), so it is compared with itself too.
            if (i == j || a.dropped || b.dropped || (a.seg == 0 && b.seg == 0))
                continue;
            if (a.originEnd <= b.originBegin || b.originEnd <= a.originBegin)
                continue;
            const bool ga = rs[static_cast<std::size_t>(a.rule)].generic;
            const bool gb = rs[static_cast<std::size_t>(b.rule)].generic;
            const auto va = value(a), vb = value(b);
            if (va == vb) {
                (better(a, b, rs) ? b : a).dropped = true;
            } else if (va.find(vb) != std::string_view::npos || vb.find(va) != std::string_view::npos) {
                if (ga != gb)
                    (ga ? a : b).dropped = true;
                else if (ga && a.seg == b.seg)
                    (a.begin <= b.begin ? b : a).dropped = true; // the text as decoded, not the key line
                else if (ga)
                    (va.size() >= vb.size() ? b : a).dropped = true;
            } else if (ga != gb && a.seg != b.seg && a.originBegin == b.originBegin &&
                       a.originEnd == b.originEnd) {
                // Another layer's reading of an encoded form a token rule already explained.
                (ga ? a : b).dropped = true;
            } else if (a.seg == 0 && ga && b.seg != 0 && segs[b.seg].originBegin <= a.originBegin &&
                       a.originEnd <= segs[b.seg].originEnd) {
                // A fragment of an encoded form ("abc" of "abc" + "def"): the decoded view says more.
                a.dropped = true;
            }
        }
    }
}

std::size_t codePoints(std::string_view s)
{
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u; }));
}

// Cuts a long line to a window around `focus`, on code-point boundaries.
std::string clip(const std::string &line, std::size_t focus)
{
    if (line.size() <= kSnippetWidth)
        return line;
    std::size_t b = focus > kSnippetWidth / 3 ? focus - kSnippetWidth / 3 : 0;
    std::size_t e = std::min(line.size(), b + kSnippetWidth);
    while (b > 0 && (static_cast<unsigned char>(line[b]) & 0xC0u) == 0x80u)
        --b;
    while (e < line.size() && (static_cast<unsigned char>(line[e]) & 0xC0u) == 0x80u)
        ++e;
    return (b > 0 ? "\xe2\x80\xa6" : "") + line.substr(b, e - b) + (e < line.size() ? "\xe2\x80\xa6" : "");
}

} // namespace

struct Scanner::Impl
{
    hs_scratch_t *scratch = nullptr;
    std::vector<Match> matches;
    std::string buf; // kept between files: its capacity is reused
};

Scanner::Scanner(const Engine &engine)
    : m_engine(engine)
    , m_impl(std::make_unique<Impl>())
{
    if (hs_clone_scratch(engine.database().scratch, &m_impl->scratch) != HS_SUCCESS)
        throw std::runtime_error("Hyperscan could not clone scratch space");
}

Scanner::~Scanner()
{
    hs_free_scratch(m_impl->scratch);
}

std::vector<Finding> Scanner::scan(std::string_view content, std::string_view relPath)
{
    const FileContext file = classifyPath(relPath);
    std::string &buf = m_impl->buf;
    buf.assign(content);
    std::vector<Segment> segs{{0, content.size(), 0, content.size(), {}, false}};
    BufferBuilder builder(buf, segs, content.size() * 4 + 256 * 1024);
    for (const View &v : findViews(content)) {
        const std::string key = keyBefore(content, v.originBegin);
        const Segment parent = segs.front();
        builder.add(v, key, parent, {v.layer}, v.specificOnly);
        const Segment outer = segs.back();
        // A guess (an unmarked reversed literal) is not decoded further.
        if (v.decoded.size() < 12 || v.specificOnly || builder.full())
            continue;
        for (const View &inner : findViews(v.decoded)) {
            std::string innerKey = keyBefore(v.decoded, inner.originBegin);
            builder.add(inner, innerKey.empty() ? key : innerKey, outer, {v.layer, inner.layer},
                        v.specificOnly || inner.specificOnly);
        }
    }
    if (buf.size() > UINT_MAX)
        buf.resize(UINT_MAX);

    auto &matches = m_impl->matches;
    matches.clear();
    hs_scan(m_engine.database().db, buf.data(), static_cast<unsigned>(buf.size()), 0, m_impl->scratch,
            onMatch, &matches);

    const auto anchorList = anchors();
    const auto ruleList = rules();
    std::vector<Raw> raws;
    std::size_t si = 0;
    for (const Match &m : matches) {
        if (m.to == 0)
            continue;
        // Matches arrive in order of their end, and segments are laid out in order.
        while (si + 1 < segs.size() && segs[si].bufEnd < m.to)
            ++si;
        std::size_t s = si;
        if (m.to <= segs[s].bufBegin || m.to > segs[s].bufEnd)
            continue;
        const Anchor &anchor = anchorList[m.id];
        if (segs[s].specificOnly && ruleList[static_cast<std::size_t>(anchor.rule)].generic)
            continue;
        Window w;
        w.text = std::string_view(buf).substr(segs[s].bufBegin, segs[s].bufEnd - segs[s].bufBegin);
        w.to = m.to - segs[s].bufBegin;
        w.file = file;
        w.synthetic = s != 0;
        Candidate c;
        if (!anchor.confirm(w, c) || c.end <= c.begin)
            continue;
        Raw r;
        r.rule = c.rule >= 0 ? c.rule : anchor.rule;
        r.seg = s;
        r.begin = segs[s].bufBegin + c.begin;
        r.end = segs[s].bufBegin + c.end;
        r.cand = c;
        r.originBegin = s == 0 ? r.begin : segs[s].originBegin;
        r.originEnd = s == 0 ? r.end : segs[s].originEnd;
        raws.push_back(r);
    }
    resolve(raws, buf, segs);
    std::erase_if(raws, [](const Raw &r) { return r.dropped; });
    if (raws.empty())
        return {};

    std::vector<std::size_t> lineStarts{0};
    for (std::size_t i = 0; i < content.size(); ++i)
        if (content[i] == '\n')
            lineStarts.push_back(i + 1);
    auto lineOf = [&](std::size_t offset) {
        return static_cast<std::size_t>(std::upper_bound(lineStarts.begin(), lineStarts.end(), offset) -
                                        lineStarts.begin()) -
               1;
    };

    std::vector<Finding> out;
    for (const Raw &r : raws) {
        Finding f;
        f.rule = static_cast<std::size_t>(r.rule);
        f.path = std::string(relPath);
        const std::size_t line = lineOf(r.originBegin);
        f.line = line + 1;
        f.column = codePoints(content.substr(lineStarts[line], r.originBegin - lineStarts[line])) + 1;
        f.chain = segs[r.seg].chain;
        f.layer = f.chain.empty() ? Layer::Plain : f.chain.back();
        f.valueLength = r.end - r.begin;
        f.shownPrefix = buf.substr(r.begin, std::min(r.cand.shownPrefix, f.valueLength / 2));
        f.confidence = r.cand.confidence;
        if ((file.fixture || file.kind == FileKind::Docs) && f.confidence != Confidence::Low)
            f.confidence = static_cast<Confidence>(static_cast<int>(f.confidence) - 1);
        f.severity = r.cand.placeholder ? Severity::Info : ruleList[f.rule].severity;
        out.push_back(std::move(f));
    }

    // Snippets: the finding's line with every reported span on it replaced by its redaction.
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::size_t line = out[i].line - 1;
        const std::size_t lb = lineStarts[line];
        std::size_t le = line + 1 < lineStarts.size() ? lineStarts[line + 1] - 1 : content.size();
        if (le > lb && content[le - 1] == '\r')
            --le;
        struct Cut
        {
            std::size_t b, e;
            std::string text;
            bool own;
        };
        std::vector<Cut> cuts;
        for (std::size_t j = 0; j < raws.size(); ++j) {
            const std::size_t b = std::max(raws[j].originBegin, lb), e = std::min(raws[j].originEnd, le);
            if (b >= e && !(raws[j].originBegin == lb && lb == le))
                continue;
            std::string text = redacted(out[j]);
            if (out[j].layer != Layer::Plain)
                text = "[" + std::string(toString(out[j].layer)) + ": " + text + "]";
            cuts.push_back({b, e, std::move(text), j == i});
        }
        std::sort(cuts.begin(), cuts.end(), [](const Cut &a, const Cut &b) { return a.b < b.b; });
        std::string snippet;
        std::size_t pos = lb, focus = 0;
        for (const Cut &c : cuts) {
            if (c.e <= pos)
                continue;
            snippet.append(content.substr(pos, std::max(c.b, pos) - pos));
            if (c.own)
                focus = snippet.size();
            snippet += c.text;
            pos = c.e;
        }
        if (pos < le)
            snippet.append(content.substr(pos, le - pos));
        out[i].snippet = clip(snippet, focus);
        out[i].fingerprint =
            fingerprint(std::string(ruleList[out[i].rule].id) + '\0' + out[i].path + '\0' + out[i].snippet);
    }
    std::sort(out.begin(), out.end(), [](const Finding &a, const Finding &b) {
        return std::tie(a.line, a.column, a.rule) < std::tie(b.line, b.column, b.rule);
    });
    return out;
}

} // namespace ffsecrets

#include "pdfbody.h"
#include "reportsections.h"

#include <QAbstractTextDocumentLayout>
#include <QPaintDevice>
#include <QPainter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextLayout>
#include <QTextTable>

#include <algorithm>
#include <optional>

namespace ff::report::pdf {

using findings::Severity;
using namespace sections;

namespace {

constexpr qsizetype kEntriesPerPiece = 200;
// Anything closer to a page's top than this is no place to break it again.
constexpr qreal kMinimalAdvance = 1.0;

// Tool output goes in as plain text: no markup to escape, but line breaks stay inside the block.
QString flat(QString text)
{
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    while (text.endsWith(QLatin1Char('\n')))
        text.chop(1);
    text.replace(QLatin1Char('\n'), QChar::LineSeparator);
    text.replace(QChar::ParagraphSeparator, QChar::LineSeparator);
    return text;
}

const char kStyleSheet[] = "h2 { color: #263238; font-size: 14pt; margin-top: 16px; margin-bottom: 6px }"
                           "h3 { color: #263238; font-size: 11pt; margin-top: 10px; margin-bottom: 4px }"
                           "tt { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace }"
                           "p { margin-top: 3px; margin-bottom: 3px }";

} // namespace

QFont baseFont()
{
    QFont font;
    font.setFamilies(
        {QStringLiteral("DejaVu Sans"), QStringLiteral("Liberation Sans"), QStringLiteral("Arial")});
    font.setStyleHint(QFont::SansSerif);
    // No ligatures: "ﬁ" in a PDF is not found by a search for "fi". Latin needs no shaping.
    font.setStyleStrategy(QFont::PreferNoShaping);
    font.setPointSizeF(9);
    return font;
}

Body::Body(const Report &report, QPaintDevice *device, qreal width, qreal pageHeight)
    : m_report(report)
    , m_device(device)
    , m_width(width)
    , m_pageHeight(pageHeight)
    , m_font(baseFont())
{
    // Qt scales vertical block margins from 96 dpi to the device, horizontal ones not.
    const qreal deviceMm = device->logicalDpiX() / 25.4;
    const auto px = [](qreal mm) {
        return mm * 96 / 25.4;
    };

    m_text.setFontPointSize(9);
    m_bold = m_text;
    m_bold.setFontWeight(QFont::Bold);
    m_muted.setFontPointSize(8);
    m_muted.setForeground(QColor(0x54, 0x5b, 0x61));
    m_mono.setFontFamilies({QStringLiteral("DejaVu Sans Mono"), QStringLiteral("Liberation Mono"),
                            QStringLiteral("Courier New")});
    m_mono.setFontStyleHint(QFont::Monospace);
    m_mono.setFontFixedPitch(true);
    m_mono.setFontStyleStrategy(QFont::PreferNoShaping);
    m_mono.setFontPointSize(7.5);
    m_note = m_text;
    m_note.setFontItalic(true);
    m_heading.setFontPointSize(14);
    m_heading.setFontWeight(QFont::Bold);
    m_heading.setForeground(QColor(0x26, 0x32, 0x38));

    m_headingBlock.setHeadingLevel(2);
    m_headingBlock.setTopMargin(px(4));
    m_headingBlock.setBottomMargin(px(2));
    m_headBlock.setBackground(QColor(0xec, 0xef, 0xf1));
    m_headBlock.setTopMargin(px(3.2));
    m_metaBlock.setTopMargin(px(0.6));
    m_textBlock.setTopMargin(px(0.9));
    m_snippetBlock = m_textBlock;
    m_snippetBlock.setBackground(QColor(0xf5, 0xf5, 0xf5));
    m_snippetBlock.setLeftMargin(2 * deviceMm);
    m_snippetBlock.setRightMargin(2 * deviceMm);
}

Body::~Body() = default;

void Body::addBlock(QTextCursor &cursor, const QTextBlockFormat &format, const QTextCharFormat &chars,
                    const QString &text) const
{
    if (cursor.position() == 0) {
        cursor.setBlockFormat(format);
        cursor.setBlockCharFormat(chars);
    } else {
        cursor.insertBlock(format, chars);
    }
    if (!text.isEmpty())
        cursor.insertText(text, chars);
}

// A paragraph per line, so that a long snippet can go on over the next page between two lines.
void Body::addLines(QTextCursor &cursor, const QTextBlockFormat &format, const QTextCharFormat &chars,
                    const QString &text) const
{
    const QStringList lines = flat(text).split(QChar::LineSeparator);
    QTextBlockFormat next = format;
    next.setTopMargin(0);
    for (qsizetype i = 0; i < lines.size(); ++i)
        addBlock(cursor, i == 0 ? format : next, chars, lines[i]);
}

void Body::addCard(QTextCursor &cursor, const Entry &entry, bool fixed) const
{
    const findings::Finding &f = entry.finding;
    QTextCharFormat badge = m_bold;
    badge.setFontPointSize(8);
    badge.setBackground(severityColor(f.severity));
    badge.setForeground(severityTextColor(f.severity));
    addBlock(cursor, m_headBlock, badge,
             QLatin1Char(' ') + severityLabel(f.severity).toUpper() + QLatin1Char(' '));
    cursor.insertText(QStringLiteral("  "), m_text);
    cursor.insertText(flat(findingTitle(f)), m_bold);
    const auto tag = [&](const QString &word, const QColor &color) {
        QTextCharFormat format = badge;
        format.setBackground(color);
        format.setForeground(Qt::white);
        cursor.insertText(QStringLiteral("  "), m_text);
        cursor.insertText(QLatin1Char(' ') + word + QLatin1Char(' '), format);
    };
    if (entry.baseline == BaselineState::New)
        tag(QStringLiteral("NEW"), QColor(0x0d, 0x47, 0xa1));
    if (entry.redacted)
        tag(QStringLiteral("REDACTED"), QColor(0x6d, 0x4c, 0x41));

    addBlock(cursor, m_metaBlock, m_mono, flat(locationText(f)));
    QString meta = findingTitle(f) == f.ruleId ? QString() : QStringLiteral("  \u00b7  ") + f.ruleId;
    if (!f.cwe.isEmpty())
        meta += QStringLiteral("  \u00b7  ") + f.cwe;
    if (!f.tool.isEmpty() || !f.workflow.isEmpty())
        meta += QStringLiteral("  \u00b7  ") + (f.tool.isEmpty() ? f.workflow : f.tool);
    if (fixed)
        meta += QStringLiteral("  \u00b7  last seen in run ") + shortRunId(entry.runId);
    cursor.insertText(flat(meta), m_muted);
    if (fixed)
        return;

    if (!f.message.trimmed().isEmpty())
        addLines(cursor, m_textBlock, m_text, f.message);
    if (!f.snippet.isEmpty())
        addLines(cursor, m_snippetBlock, m_mono, f.snippet);
    if (const QStringList crash = crashLines(f); !crash.isEmpty())
        addLines(cursor, m_snippetBlock, m_mono, crash.join(QLatin1Char('\n')));
    addBlock(cursor, m_textBlock, m_bold, QStringLiteral("Triage: "));
    cursor.insertText(flat(triageText(entry)), m_text);
    if (!entry.note.isEmpty())
        cursor.insertText(QChar(QChar::LineSeparator) + flat(entry.note), m_note);
    if (const auto link = webLink(f.helpUri))
        cursor.insertText(QChar(QChar::LineSeparator) + QStringLiteral("Rule help: ") + *link, m_muted);
}

void Body::buildCards(QTextCursor &cursor, const Piece &piece, std::vector<int> *cardStarts) const
{
    const bool fixed = piece.kind == Kind::Fixed;
    const QList<Entry> &entries = fixed ? m_report.fixed : m_report.entries;
    if (piece.begin == 0) {
        addBlock(cursor, m_headingBlock, m_heading,
                 fixed ? QStringLiteral("Fixed since the compared run") : QStringLiteral("Findings"));
        QString intro;
        if (fixed) {
            intro = fixedText(m_report);
        } else if (entries.isEmpty()) {
            intro = QStringLiteral("No findings.");
        } else {
            const auto fresh = std::count_if(entries.cbegin(), entries.cend(),
                                             [](const Entry &e) { return e.baseline == BaselineState::New; });
            intro = plural(entries.size(), QStringLiteral("finding"), QStringLiteral("findings")) +
                    QStringLiteral(", by severity");
            if (fresh > 0)
                intro += QStringLiteral("; ") + QString::number(fresh) +
                         QStringLiteral(" of them new since the compared runs (marked NEW)");
            intro += QLatin1Char('.');
        }
        addBlock(cursor, m_textBlock, m_text, intro);
    }
    for (qsizetype i = piece.begin; i < piece.end; ++i) {
        if (cardStarts)
            cardStarts->push_back(cursor.position() == 0 ? 0 : cursor.position() + 1);
        addCard(cursor, entries.at(i), fixed);
    }
}

std::unique_ptr<QTextDocument> Body::build(const Piece &piece, std::vector<int> *cardStarts) const
{
    auto doc = std::make_unique<QTextDocument>();
    doc->setUndoRedoEnabled(false);
    doc->setDefaultFont(m_font);
    QTextOption option = doc->defaultTextOption();
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    doc->setDefaultTextOption(option);
    doc->setDefaultStyleSheet(QLatin1String(kStyleSheet));
    if (piece.kind == Kind::Front || piece.kind == Kind::Tail) {
        QString html = QStringLiteral("<html><body>");
        if (piece.kind == Kind::Front) {
            appendScope(html, m_report, Flavour::RichText);
            appendSummary(html, m_report, Flavour::RichText);
        } else {
            appendExcluded(html, m_report, Flavour::RichText);
        }
        doc->setHtml(html + QStringLiteral("</body></html>"));
    } else {
        QTextCursor cursor(doc.get());
        buildCards(cursor, piece, cardStarts);
    }
    // Pieces follow each other without a margin; Qt drops the top margin of a document's first
    // block, so the root frame keeps the pieces after the first apart (setHtml() resets it).
    doc->setDocumentMargin(0);
    if (piece.kind != Kind::Front) {
        QTextFrameFormat frame = doc->rootFrame()->frameFormat();
        frame.setTopMargin(piece.kind == Kind::Tail ? 14 : 12);
        doc->rootFrame()->setFrameFormat(frame);
    }
    // The layout exists only now: made earlier, it would lay out again after every insertion.
    doc->documentLayout()->setPaintDevice(m_device);
    doc->setTextWidth(m_width);
    return doc;
}

void Body::measure(const Piece &piece, QTextDocument &doc, const std::vector<int> &cardStarts)
{
    QAbstractTextDocumentLayout *layout = doc.documentLayout();
    // Between the lines of a paragraph only when it is taller than a page: Qt draws the last
    // line above the clip too, and a PDF keeps that line's text, invisible but found twice.
    const auto lineTops = [&](const QTextBlock &block, qreal top) {
        const QTextLayout *lines = block.layout();
        if (lines->boundingRect().height() <= m_pageHeight)
            return;
        for (int i = 1; i < lines->lineCount(); ++i)
            m_fallback.push_back(piece.offset + top + lines->lineAt(i).y());
    };
    m_preferred.push_back(piece.offset);
    if (piece.kind == Kind::Findings || piece.kind == Kind::Fixed) {
        for (QTextBlock block = doc.begin(); block.isValid(); block = block.next()) {
            const qreal top = layout->blockBoundingRect(block).top();
            m_fallback.push_back(piece.offset + top);
            lineTops(block, top);
        }
        // Between findings, except right after the heading.
        for (size_t i = piece.begin == 0 ? 1 : 0; i < cardStarts.size(); ++i)
            m_preferred.push_back(piece.offset +
                                  layout->blockBoundingRect(doc.findBlock(cardStarts[i])).top());
        return;
    }
    // Rich text: between top-level paragraphs and table rows, never right after a heading.
    const qreal cellPadding = 5 * m_device->logicalDpiY() / 96.0;
    bool afterHeading = false;
    for (auto it = doc.rootFrame()->begin(); !it.atEnd(); ++it) {
        if (auto *table = qobject_cast<QTextTable *>(it.currentFrame())) {
            for (int row = 0; row < table->rows(); ++row) {
                if (row == 1 || (row == 0 && afterHeading))
                    continue; // keep a table's head with its first row, a heading with its table
                const QTextBlock block = table->cellAt(row, 0).firstCursorPosition().block();
                m_preferred.push_back(piece.offset + layout->blockBoundingRect(block).top() - cellPadding);
            }
            afterHeading = false;
        } else if (const QTextBlock block = it.currentBlock(); block.isValid()) {
            const qreal top = layout->blockBoundingRect(block).top();
            if (!afterHeading)
                m_preferred.push_back(piece.offset + top);
            m_fallback.push_back(piece.offset + top);
            lineTops(block, top);
            afterHeading = block.blockFormat().headingLevel() > 0;
        }
    }
}

bool Body::paginate(const std::function<bool(qsizetype)> &advance)
{
    m_pieces.clear();
    m_pieces.push_back({Kind::Front});
    const auto addPieces = [&](Kind kind, qsizetype count) {
        for (qsizetype b = 0; b < count; b += kEntriesPerPiece)
            m_pieces.push_back({kind, b, std::min(count, b + kEntriesPerPiece)});
    };
    addPieces(Kind::Findings, m_report.entries.size());
    if (m_report.entries.isEmpty())
        m_pieces.push_back({Kind::Findings}); // the heading and "No findings."
    addPieces(Kind::Fixed, m_report.fixed.size());
    m_pieces.push_back({Kind::Tail});

    qreal offset = 0;
    for (Piece &piece : m_pieces) {
        std::vector<int> cardStarts;
        const auto doc = build(piece, &cardStarts);
        piece.offset = offset;
        piece.height = doc->documentLayout()->documentSize().height();
        measure(piece, *doc, cardStarts);
        offset += piece.height;
        if (advance && !advance(std::max<qsizetype>(1, piece.end - piece.begin)))
            return false;
    }
    cutPages();
    return true;
}

void Body::cutPages()
{
    std::sort(m_preferred.begin(), m_preferred.end());
    std::sort(m_fallback.begin(), m_fallback.end());
    const qreal total = m_pieces.empty() ? 0 : m_pieces.back().offset + m_pieces.back().height;
    // The last candidate in (top, limit], if any.
    const auto lastWithin = [](const std::vector<qreal> &candidates, qreal top,
                               qreal limit) -> std::optional<qreal> {
        auto it = std::upper_bound(candidates.begin(), candidates.end(), limit);
        if (it == candidates.begin() || *std::prev(it) < top + kMinimalAdvance)
            return std::nullopt;
        return *std::prev(it);
    };
    m_pages.clear();
    qreal top = 0;
    do {
        const qreal limit = top + m_pageHeight;
        qreal bottom = limit;
        if (limit >= total)
            bottom = total;
        else if (const auto preferred = lastWithin(m_preferred, top, limit))
            bottom = *preferred;
        else if (const auto fallback = lastWithin(m_fallback, top, limit))
            bottom = *fallback;
        m_pages.emplace_back(top, bottom);
        top = bottom;
    } while (top < total - kMinimalAdvance);
}

QTextDocument *Body::cached(int pieceIndex)
{
    auto it = m_cache.find(pieceIndex);
    if (it == m_cache.end())
        it = m_cache.emplace(pieceIndex, build(m_pieces[pieceIndex])).first;
    return it->second.get();
}

void Body::paintPage(QPainter &painter, int index)
{
    const auto [top, bottom] = m_pages.at(index);
    const qreal slack = m_device->logicalDpiX() / 25.4; // italics and badges may overhang a little
    for (int i = 0; i < static_cast<int>(m_pieces.size()); ++i) {
        const Piece &piece = m_pieces[i];
        if (piece.offset + piece.height <= top)
            continue;
        if (piece.offset >= bottom)
            break;
        QTextDocument *doc = cached(i);
        const qreal from = std::max(top, piece.offset) - piece.offset;
        const qreal to = std::min(bottom, piece.offset + piece.height) - piece.offset;
        const QRectF clip(-slack, from, m_width + 2 * slack, to - from);
        painter.save();
        painter.translate(0, piece.offset - top);
        painter.setClipRect(clip, Qt::IntersectClip);
        QAbstractTextDocumentLayout::PaintContext context;
        // Qt draws every block that touches the clip, and a PDF keeps clipped text (it would be
        // found, copied and read out twice): the block that starts where the page ends must not
        // touch it.
        context.clip = clip.adjusted(0, 0.5, 0, -0.5);
        context.palette.setColor(QPalette::Text, Qt::black);
        doc->documentLayout()->draw(&painter, context);
        painter.restore();
    }
    // What this page finished is not needed again.
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        const Piece &piece = m_pieces[it->first];
        it = piece.offset + piece.height <= bottom ? m_cache.erase(it) : std::next(it);
    }
}

} // namespace ff::report::pdf

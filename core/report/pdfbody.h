#pragma once

#include "report.h"

#include <QTextCharFormat>

#include <functional>
#include <map>
#include <memory>
#include <vector>

class QPainter;
class QPaintDevice;
class QTextCursor;
class QTextDocument;

namespace ff::report::pdf {

// The sans-serif font of every page, 9 pt.
QFont baseFont();

// The pages of a PDF report after its title page: the sections of the HTML report as Qt rich
// text, cut into pages between findings. Findings are paragraphs rather than table rows: Qt lays
// out and paints a table row several times slower (measured), which at 100,000 findings is
// minutes. They are laid out in pieces of a few hundred, each piece built twice (once to find the
// page breaks, so that every page can say "of M", once to paint it), never all at once.
class Body
{
public:
    // `device` gives the resolution; `width` and `pageHeight` are in its pixels.
    Body(const Report &report, QPaintDevice *device, qreal width, qreal pageHeight);
    ~Body();

    // Lays everything out to find the page breaks. `advance(n)` is told of n more entries laid
    // out; false from it stops here and paginate() returns false.
    bool paginate(const std::function<bool(qsizetype)> &advance);
    int pageCount() const { return static_cast<int>(m_pages.size()); }
    // Paints body page `index` (from 0) with its top left corner at the painter's origin.
    void paintPage(QPainter &painter, int index);

private:
    enum class Kind { Front, Findings, Fixed, Tail };
    struct Piece
    {
        Kind kind;
        qsizetype begin = 0; // entries of the report (or fixed) in this piece
        qsizetype end = 0;
        qreal offset = 0; // where it starts in the flow of all pieces
        qreal height = 0;
    };

    // The piece's document, laid out; `cardStarts` gets the position where each finding starts.
    std::unique_ptr<QTextDocument> build(const Piece &piece, std::vector<int> *cardStarts = nullptr) const;
    void buildCards(QTextCursor &cursor, const Piece &piece, std::vector<int> *cardStarts) const;
    void addCard(QTextCursor &cursor, const Entry &entry, bool fixed) const;
    void addBlock(QTextCursor &cursor, const QTextBlockFormat &format, const QTextCharFormat &chars,
                  const QString &text) const;
    void addLines(QTextCursor &cursor, const QTextBlockFormat &format, const QTextCharFormat &chars,
                  const QString &text) const;
    void measure(const Piece &piece, QTextDocument &doc, const std::vector<int> &cardStarts);
    void cutPages();
    QTextDocument *cached(int pieceIndex);

    const Report &m_report;
    QPaintDevice *m_device;
    qreal m_width;
    qreal m_pageHeight;
    std::vector<Piece> m_pieces;
    std::vector<qreal> m_preferred; // flow positions where a page may break: between findings...
    std::vector<qreal> m_fallback;  // ...and between lines, for what does not fit on a page
    std::vector<std::pair<qreal, qreal>> m_pages;
    std::map<int, std::unique_ptr<QTextDocument>> m_cache;

    QFont m_font;
    QTextCharFormat m_text, m_bold, m_muted, m_mono, m_heading, m_note;
    QTextBlockFormat m_headBlock, m_metaBlock, m_textBlock, m_snippetBlock, m_headingBlock;
};

} // namespace ff::report::pdf

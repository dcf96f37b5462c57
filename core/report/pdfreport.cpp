// The PDF report: a title page painted with QPainter, then the body (pdfbody.h) page by page,
// with the title above and "Page N of M" below every body page. Printed into a temporary file
// beside the target, which replaces the target only once complete.

#include "pdfbody.h"
#include "report.h"
#include "reportsections.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QPrinter>
#include <QTemporaryFile>

#include <algorithm>
#include <filesystem>

namespace ff::report {

using findings::Severity;
using namespace sections;

namespace {

const QColor kInk(0x21, 0x21, 0x21);
const QColor kGrey(0x61, 0x61, 0x61);
const QColor kRule(0xbd, 0xbd, 0xbd);
const QColor kBand(0x26, 0x32, 0x38);

QColor pale(const QColor &color)
{
    return QColor::fromRgbF(0.8f + 0.2f * color.redF(), 0.8f + 0.2f * color.greenF(),
                            0.8f + 0.2f * color.blueF());
}

Status cannotWrite(const QString &path, const QString &reason)
{
    return Error::make(Error::Kind::Io,
                       QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path), reason));
}

Status canceled()
{
    return Error::make(Error::Kind::Canceled, QStringLiteral("export canceled"));
}

// Paints text top-down in the page's width, in device pixels at the printer's resolution.
class PagePainter
{
public:
    PagePainter(QPainter &painter, const QRectF &page)
        : m_painter(painter)
        , m_page(page)
        , m_mm(painter.device()->logicalDpiY() / 25.4)
    {}

    qreal mm(qreal millimetres) const { return millimetres * m_mm; }
    qreal y = 0;

    void setFont(qreal points, bool bold = false, bool mono = false)
    {
        QFont font = pdf::baseFont();
        if (mono) {
            font.setFamilies({QStringLiteral("DejaVu Sans Mono"), QStringLiteral("Liberation Mono")});
            font.setStyleHint(QFont::Monospace);
        }
        font.setPointSizeF(points);
        font.setBold(bold);
        m_painter.setFont(font);
    }
    // Wrapped text at `y`, at most `maxHeight` tall; moves `y` below it.
    void text(const QString &text, const QColor &color, qreal maxHeight = 0, qreal indent = 0)
    {
        const QRectF box(indent, y, m_page.width() - indent, maxHeight > 0 ? maxHeight : m_page.height() - y);
        QRectF used;
        m_painter.setPen(color);
        m_painter.drawText(box, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, text, &used);
        y += std::min(used.height(), box.height());
    }
    // One line, shortened in the middle when too long.
    void line(const QString &text, const QColor &color, qreal indent = 0)
    {
        const QFontMetricsF metrics(m_painter.font(), m_painter.device());
        this->text(metrics.elidedText(text, Qt::ElideMiddle, m_page.width() - indent), color,
                   metrics.height() * 1.2, indent);
    }

    QPainter &painter() { return m_painter; }
    const QRectF &page() const { return m_page; }

private:
    QPainter &m_painter;
    QRectF m_page;
    qreal m_mm;
};

void paintSeverityBoxes(PagePainter &p, const QMap<Severity, int> &counts)
{
    const qreal gap = p.mm(3), height = p.mm(19);
    const qreal width = (p.page().width() - 4 * gap) / 5;
    qreal x = 0;
    for (Severity s : findings::kAllSeverities) {
        const QRectF box(x, p.y, width, height);
        // A severity with nothing to show stays pale, so the eye goes to the others.
        const bool none = counts.value(s) == 0;
        p.painter().fillRect(box, none ? pale(severityColor(s)) : severityColor(s));
        p.painter().setPen(none ? kGrey : severityTextColor(s));
        p.setFont(18, true);
        p.painter().drawText(box.adjusted(0, p.mm(1.5), 0, -height / 2 + p.mm(2)), Qt::AlignCenter,
                             QString::number(counts.value(s)));
        p.setFont(9);
        p.painter().drawText(box.adjusted(0, height / 2 + p.mm(1), 0, -p.mm(1.5)), Qt::AlignCenter,
                             severityLabel(s));
        x += width + gap;
    }
    p.y += height;
}

void paintSeverityChart(PagePainter &p, const QMap<Severity, int> &counts)
{
    p.setFont(11, true);
    p.text(QStringLiteral("Findings by severity"), kInk);
    p.y += p.mm(3);
    int max = 1;
    for (int n : counts)
        max = std::max(max, n);
    const qreal labelWidth = p.mm(24), row = p.mm(9), barHeight = p.mm(5.5);
    const qreal maxBar = p.page().width() - labelWidth - p.mm(22);
    QPainter &painter = p.painter();
    const qreal top = p.y;
    p.setFont(9);
    for (Severity s : findings::kAllSeverities) {
        const int n = counts.value(s);
        const qreal bar = n == 0 ? 0 : std::max(p.mm(0.6), maxBar * n / max);
        const QRectF rowBox(0, p.y, p.page().width(), row);
        painter.setPen(kInk);
        painter.drawText(QRectF(0, p.y, labelWidth - p.mm(2), row), Qt::AlignRight | Qt::AlignVCenter,
                         severityLabel(s));
        painter.fillRect(QRectF(labelWidth, p.y + (row - barHeight) / 2, bar, barHeight), severityColor(s));
        painter.drawText(QRectF(labelWidth + bar + p.mm(2), p.y, p.mm(20), row),
                         Qt::AlignLeft | Qt::AlignVCenter, QString::number(n));
        p.y += rowBox.height();
    }
    painter.setPen(QPen(kGrey, p.mm(0.25)));
    painter.drawLine(QPointF(labelWidth, top), QPointF(labelWidth, p.y));
}

// Counts by workflow, as many rows as fit above `bottom`.
void paintWorkflowTable(PagePainter &p, const QList<QPair<QString, QMap<Severity, int>>> &counts,
                        qreal bottom)
{
    if (counts.isEmpty())
        return;
    QPainter &painter = p.painter();
    p.setFont(11, true);
    p.text(QStringLiteral("By workflow"), kInk);
    p.y += p.mm(2);
    const qreal row = p.mm(6.5), column = p.mm(17);
    const qreal nameWidth = p.page().width() - 6 * column;
    const auto cells = [&](const QString &name, const QStringList &numbers, bool bold) {
        p.setFont(9, bold);
        painter.setPen(kInk);
        painter.drawText(QRectF(0, p.y, nameWidth - p.mm(2), row), Qt::AlignLeft | Qt::AlignVCenter,
                         QFontMetricsF(painter.font(), painter.device())
                             .elidedText(name, Qt::ElideMiddle, nameWidth - p.mm(2)));
        for (int i = 0; i < numbers.size(); ++i)
            painter.drawText(QRectF(nameWidth + i * column, p.y, column - p.mm(1), row),
                             Qt::AlignRight | Qt::AlignVCenter, numbers[i]);
        p.y += row;
        painter.setPen(QPen(kRule, p.mm(0.2)));
        painter.drawLine(QPointF(0, p.y), QPointF(p.page().width(), p.y));
    };
    QStringList head;
    for (Severity s : findings::kAllSeverities)
        head << severityLabel(s);
    cells(QStringLiteral("Workflow"), head << QStringLiteral("Total"), true);
    const qsizetype fit = std::max<qsizetype>(1, static_cast<qsizetype>((bottom - p.y) / row) - 1);
    const qsizetype shown = counts.size() <= fit + 1 ? counts.size() : fit;
    for (qsizetype i = 0; i < shown; ++i) {
        QStringList numbers;
        int total = 0;
        for (Severity s : findings::kAllSeverities) {
            numbers << QString::number(counts[i].second.value(s));
            total += counts[i].second.value(s);
        }
        cells(counts[i].first, numbers << QString::number(total), false);
    }
    if (shown < counts.size()) {
        p.setFont(9);
        p.y += p.mm(1);
        p.line(QStringLiteral("and %1 more workflows (see the summary)").arg(counts.size() - shown), kGrey);
    }
}

void paintTitlePage(QPainter &painter, const QRectF &page, const Report &report)
{
    PagePainter p(painter, page);
    painter.fillRect(QRectF(0, 0, page.width(), p.mm(2.5)), kBand);
    p.y = p.mm(24);
    p.setFont(10, true);
    p.text(QStringLiteral("SECURITY ANALYSIS REPORT"), kGrey);
    p.y += p.mm(3);
    p.setFont(26, true);
    p.text(report.title(), kInk, p.mm(48));
    p.y += p.mm(4);
    if (!report.options.author.trimmed().isEmpty()) {
        p.setFont(12);
        p.text(QStringLiteral("Author: ") + report.options.author.trimmed(), kInk, p.mm(12));
        p.y += p.mm(1);
    }
    p.setFont(10);
    p.text(QStringLiteral("Generated ") + dateTimeText(report.generated) + QStringLiteral(" by ") +
               report.generator,
           kGrey, p.mm(10));

    p.y += p.mm(10);
    const QStringList projects = report.projects();
    p.setFont(10, true);
    p.text(projects.size() == 1 ? QStringLiteral("Project") : QStringLiteral("Projects"), kInk);
    p.y += p.mm(1);
    p.setFont(9, false, true);
    const int shown = projects.size() > 6 ? 5 : static_cast<int>(projects.size());
    for (int i = 0; i < shown; ++i)
        p.line(projects.at(i), kInk, p.mm(2));
    if (shown < projects.size()) {
        p.setFont(9);
        p.line(QStringLiteral("and %1 more").arg(projects.size() - shown), kGrey, p.mm(2));
    }

    p.y += p.mm(10);
    const qsizetype total = report.entries.size();
    p.setFont(22, true);
    p.text(QString::number(total) + (total == 1 ? QStringLiteral(" finding") : QStringLiteral(" findings")),
           kInk);
    const auto fresh = std::count_if(report.entries.cbegin(), report.entries.cend(),
                                     [](const Entry &e) { return e.baseline == BaselineState::New; });
    QStringList facts{QString::number(report.runs.size()) +
                      (report.runs.size() == 1 ? QStringLiteral(" run") : QStringLiteral(" runs"))};
    if (fresh > 0)
        facts << QString::number(fresh) + QStringLiteral(" new since the compared runs");
    if (!report.fixed.isEmpty())
        facts << QString::number(report.fixed.size()) + QStringLiteral(" fixed");
    if (report.excluded.total() > 0)
        facts << QString::number(report.excluded.total()) + QStringLiteral(" excluded by the filters");
    p.setFont(10);
    p.text(facts.join(QStringLiteral("  \u00b7  ")), kGrey);

    p.y += p.mm(7);
    const QMap<Severity, int> counts = report.countsBySeverity();
    paintSeverityBoxes(p, counts);
    p.y += p.mm(14);
    paintSeverityChart(p, counts);

    p.y += p.mm(10);
    paintWorkflowTable(p, report.countsByWorkflow(), page.height() - p.mm(4));
}

// The title above and "Page N of M" below a body page.
void paintFrame(QPainter &painter, const QRectF &page, const Report &report, int number, int count)
{
    PagePainter p(painter, page);
    p.setFont(7.5);
    const QString generated = dateTimeText(report.generated);
    const QFontMetricsF metrics(painter.font(), painter.device());
    const qreal dateWidth = metrics.horizontalAdvance(generated) + p.mm(6);
    painter.setPen(kGrey);
    painter.drawText(QRectF(0, 0, page.width() - dateWidth, p.mm(5)), Qt::AlignLeft | Qt::AlignTop,
                     metrics.elidedText(report.title(), Qt::ElideRight, page.width() - dateWidth));
    painter.drawText(QRectF(0, 0, page.width(), p.mm(5)), Qt::AlignRight | Qt::AlignTop, generated);
    painter.setPen(QPen(kRule, p.mm(0.2)));
    painter.drawLine(QPointF(0, p.mm(5)), QPointF(page.width(), p.mm(5)));

    const qreal footer = page.height() - p.mm(6);
    painter.drawLine(QPointF(0, footer), QPointF(page.width(), footer));
    painter.setPen(kGrey);
    const QRectF line(0, footer + p.mm(1.5), page.width(), p.mm(4.5));
    painter.drawText(line, Qt::AlignLeft | Qt::AlignTop, report.generator);
    painter.drawText(line, Qt::AlignRight | Qt::AlignTop,
                     QStringLiteral("Page %1 of %2").arg(number).arg(count));
}

} // namespace

Status writePdf(const Report &report, const QString &path, const Progress &progress)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return Error::make(
            Error::Kind::InvalidArgument,
            QStringLiteral("cannot write %1: a PDF needs a QGuiApplication for its fonts").arg(path));
    if (path.isEmpty())
        return Error::make(Error::Kind::InvalidArgument, QStringLiteral("no file name for the PDF"));
    const QFileInfo target(path);
    if (target.isDir())
        return Error::make(
            Error::Kind::InvalidArgument,
            QStringLiteral("cannot write %1: it is a folder").arg(QDir::toNativeSeparators(path)));
    // QPrinter says nothing when it cannot write: find out first, in the folder of the target.
    QTemporaryFile temp(target.absolutePath() + QStringLiteral("/.fuzzforge-report-XXXXXX.pdf.part"));
    if (!temp.open())
        return cannotWrite(path, temp.errorString());
    temp.close();

    QPrinter printer(QPrinter::HighResolution);
    printer.setOutputFileName(temp.fileName());
    printer.setOutputFormat(QPrinter::PdfFormat);
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                      QMarginsF(16, 12, 16, 10), QPageLayout::Millimeter));
    printer.setDocName(report.title());
    printer.setCreator(report.generator);
    const QRectF page(QPointF(0, 0), printer.pageLayout().paintRectPixels(printer.resolution()).size());
    const qreal mm = printer.resolution() / 25.4;
    const QRectF body(0, 9 * mm, page.width(), page.height() - 9 * mm - 9 * mm);

    // Progress: laying out each entry, then painting it.
    const qint64 half = report.entries.size() + report.fixed.size() + 1;
    qint64 done = 0;
    pdf::Body flow(report, &printer, body.width(), body.height());
    if (!flow.paginate([&](qsizetype n) { return !progress || progress(done += n, 2 * half); }))
        return canceled();

    QPainter painter;
    if (!painter.begin(&printer))
        return cannotWrite(path, QStringLiteral("the PDF engine cannot open the file"));
    paintTitlePage(painter, page, report);
    const int pages = flow.pageCount() + 1;
    qint64 reported = done;
    for (int i = 0; i < flow.pageCount(); ++i) {
        if (!printer.newPage())
            return cannotWrite(path, QStringLiteral("the PDF engine cannot add a page"));
        paintFrame(painter, page, report, i + 2, pages);
        painter.save();
        painter.translate(body.topLeft());
        flow.paintPage(painter, i);
        painter.restore();
        done = half + half * (i + 1) / flow.pageCount();
        if (progress && (done - reported >= 500 || i + 1 == flow.pageCount())) {
            reported = done;
            if (!progress(done, 2 * half)) {
                painter.end();
                return canceled(); // and the temporary file goes
            }
        }
    }
    if (!painter.end())
        return cannotWrite(path, QStringLiteral("the PDF engine cannot finish the file"));
    if (QFileInfo(temp.fileName()).size() == 0)
        return cannotWrite(path, QStringLiteral("the PDF engine wrote nothing"));

    // An existing file keeps its permissions, a new one gets the usual rw-r--r--.
    const QFile::Permissions permissions = QFileInfo::exists(path)
                                               ? QFile::permissions(path)
                                               : QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser |
                                                     QFile::WriteUser | QFile::ReadGroup | QFile::ReadOther;
    QFile::setPermissions(temp.fileName(), permissions);
    std::error_code error;
    // rename(2): the old file stays until the new one takes its place.
    std::filesystem::rename(std::filesystem::path(temp.fileName().toStdU16String()),
                            std::filesystem::path(path.toStdU16String()), error);
    if (error)
        return cannotWrite(path, QString::fromStdString(error.message()));
    temp.setAutoRemove(false);
    return {};
}

} // namespace ff::report

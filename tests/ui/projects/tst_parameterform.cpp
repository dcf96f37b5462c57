// The parameters form generated from a manifest: one editor per type with the manifest's
// defaults and bounds, the manifest's validation on every change, canonical values out.
#include "projects/parameterform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace ff;
using namespace ff::ui;

class TestParameterForm : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void editorPerType();
    void defaultsInCanonicalForm();
    void boundsFromTheManifest();
    void enumOffersTheAllowedValues();
    void invalidStringIsBlocked();
    void resetToDefaults();
    void noParameters();

private:
    static workflow::WorkflowManifest manifest();
};

workflow::WorkflowManifest TestParameterForm::manifest()
{
    // Through the real manifest parser, as the catalogue reads it.
    const QByteArray yaml = "id: probe\nname: Probe\nversion: 2.0.0\n"
                            "image:\n  reference: debian:bookworm-slim\n"
                            "command: [\"true\"]\n"
                            "parameters:\n"
                            "  label:\n    type: string\n    default: hello\n    description: A label\n"
                            "  depth:\n    type: integer\n    default: 3\n    min: 1\n    max: 9\n"
                            "  ratio:\n    type: number\n    default: 0.5\n    min: 0\n    max: 1\n"
                            "  verbose:\n    type: boolean\n    default: yes\n"
                            "  mode:\n    type: enum\n    default: deep\n    allowed: [quick, deep, all]\n"
                            "outputs:\n  - path: out.sarif\n    parser: sarif\n    tool: probe\n";
    QList<workflow::ManifestError> errors;
    auto m = workflow::parseManifest(yaml, QStringLiteral("workflow.yaml"), QStringLiteral("/tmp"), &errors);
    if (!m)
        qFatal("manifest: %s", qPrintable(errors.value(0).toString()));
    return m.value();
}

void TestParameterForm::editorPerType()
{
    ParameterForm form;
    form.setWorkflow(manifest());
    QCOMPARE(form.workflowId(), QStringLiteral("probe"));
    QVERIFY(qobject_cast<QLineEdit *>(form.editor(QStringLiteral("label"))));
    QVERIFY(qobject_cast<QSpinBox *>(form.editor(QStringLiteral("depth"))));
    QVERIFY(qobject_cast<QDoubleSpinBox *>(form.editor(QStringLiteral("ratio"))));
    QVERIFY(qobject_cast<QCheckBox *>(form.editor(QStringLiteral("verbose"))));
    QVERIFY(qobject_cast<QComboBox *>(form.editor(QStringLiteral("mode"))));
    QVERIFY(!form.editor(QStringLiteral("nonexistent")));
    // The description and the bounds are on the editor's tooltip.
    QVERIFY(form.editor(QStringLiteral("label"))->toolTip().contains(QStringLiteral("A label")));
    QVERIFY(form.editor(QStringLiteral("depth"))->toolTip().contains(QStringLiteral("from 1 to 9")));
}

void TestParameterForm::defaultsInCanonicalForm()
{
    ParameterForm form;
    form.setWorkflow(manifest());
    QVERIFY(form.valid());
    QCOMPARE(qobject_cast<QLineEdit *>(form.editor(QStringLiteral("label")))->text(),
             QStringLiteral("hello"));
    QCOMPARE(qobject_cast<QSpinBox *>(form.editor(QStringLiteral("depth")))->value(), 3);
    QCOMPARE(qobject_cast<QDoubleSpinBox *>(form.editor(QStringLiteral("ratio")))->value(), 0.5);
    QVERIFY(qobject_cast<QCheckBox *>(form.editor(QStringLiteral("verbose")))->isChecked());
    const QMap<QString, QString> expected{{QStringLiteral("probe.label"), QStringLiteral("hello")},
                                          {QStringLiteral("probe.depth"), QStringLiteral("3")},
                                          {QStringLiteral("probe.ratio"), QStringLiteral("0.5")},
                                          {QStringLiteral("probe.verbose"), QStringLiteral("true")},
                                          {QStringLiteral("probe.mode"), QStringLiteral("deep")}};
    QCOMPARE(form.values(), expected);

    // Edited values come out in canonical form too.
    qobject_cast<QCheckBox *>(form.editor(QStringLiteral("verbose")))->setChecked(false);
    qobject_cast<QDoubleSpinBox *>(form.editor(QStringLiteral("ratio")))->setValue(0.25);
    QCOMPARE(form.values().value(QStringLiteral("probe.verbose")), QStringLiteral("false"));
    QCOMPARE(form.values().value(QStringLiteral("probe.ratio")), QStringLiteral("0.25"));
}

void TestParameterForm::boundsFromTheManifest()
{
    ParameterForm form;
    form.setWorkflow(manifest());
    auto *depth = qobject_cast<QSpinBox *>(form.editor(QStringLiteral("depth")));
    QCOMPARE(depth->minimum(), 1);
    QCOMPARE(depth->maximum(), 9);
    auto *ratio = qobject_cast<QDoubleSpinBox *>(form.editor(QStringLiteral("ratio")));
    QCOMPARE(ratio->minimum(), 0.0);
    QCOMPARE(ratio->maximum(), 1.0);

    // Typing past a bound cannot produce an out-of-range value.
    depth->setFocus();
    depth->selectAll();
    QTest::keyClicks(depth, QStringLiteral("42"));
    QVERIFY(depth->value() >= 1 && depth->value() <= 9);
    QVERIFY(form.valid());
    depth->setValue(7);
    QCOMPARE(form.values().value(QStringLiteral("probe.depth")), QStringLiteral("7"));
    depth->setValue(100); // clamped by the editor
    QCOMPARE(form.values().value(QStringLiteral("probe.depth")), QStringLiteral("9"));
}

void TestParameterForm::enumOffersTheAllowedValues()
{
    ParameterForm form;
    form.setWorkflow(manifest());
    auto *mode = qobject_cast<QComboBox *>(form.editor(QStringLiteral("mode")));
    QStringList items;
    for (int i = 0; i < mode->count(); ++i)
        items << mode->itemText(i);
    QCOMPARE(items, (QStringList{QStringLiteral("quick"), QStringLiteral("deep"), QStringLiteral("all")}));
    QCOMPARE(mode->currentText(), QStringLiteral("deep"));
    QVERIFY(!mode->isEditable());
    mode->setCurrentIndex(2);
    QCOMPARE(form.values().value(QStringLiteral("probe.mode")), QStringLiteral("all"));
}

void TestParameterForm::invalidStringIsBlocked()
{
    ParameterForm form;
    form.setWorkflow(manifest());
    QSignalSpy validity(&form, &ParameterForm::validChanged);
    auto *label = qobject_cast<QLineEdit *>(form.editor(QStringLiteral("label")));
    label->setText(QStringLiteral("two\nlines"));
    QVERIFY(!form.valid());
    QCOMPARE(validity.size(), 1);
    QCOMPARE(validity.at(0).at(0).toBool(), false);
    QVERIFY2(form.errorText(QStringLiteral("label")).contains(QStringLiteral("control characters")),
             qPrintable(form.errorText(QStringLiteral("label"))));
    // An invalid value never reaches the values handed to the session.
    QVERIFY(!form.values().contains(QStringLiteral("probe.label")));

    label->setText(QStringLiteral("fine"));
    QVERIFY(form.valid());
    QCOMPARE(validity.size(), 2);
    QCOMPARE(validity.at(1).at(0).toBool(), true);
    QVERIFY(form.errorText(QStringLiteral("label")).isEmpty());
    QCOMPARE(form.values().value(QStringLiteral("probe.label")), QStringLiteral("fine"));
}

void TestParameterForm::resetToDefaults()
{
    ParameterForm form;
    form.setWorkflow(manifest());
    const auto defaults = form.values();
    qobject_cast<QLineEdit *>(form.editor(QStringLiteral("label")))->setText(QStringLiteral("\t"));
    qobject_cast<QSpinBox *>(form.editor(QStringLiteral("depth")))->setValue(8);
    qobject_cast<QComboBox *>(form.editor(QStringLiteral("mode")))->setCurrentIndex(0);
    QVERIFY(!form.valid());
    QVERIFY(form.resetButton()->isVisibleTo(&form));
    QTest::mouseClick(form.resetButton(), Qt::LeftButton);
    QVERIFY(form.valid());
    QCOMPARE(form.values(), defaults);
}

void TestParameterForm::noParameters()
{
    ParameterForm form;
    form.setWorkflow(manifest());
    workflow::WorkflowManifest bare;
    bare.id = QStringLiteral("bare");
    form.setWorkflow(bare);
    QVERIFY(form.valid());
    QVERIFY(form.values().isEmpty());
    QVERIFY(!form.editor(QStringLiteral("label")));
    QVERIFY(!form.resetButton()->isVisibleTo(&form));
}

QTEST_MAIN(TestParameterForm)
#include "tst_parameterform.moc"

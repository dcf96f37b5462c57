#include "parameterform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace ff::ui {

using workflow::ParameterSpec;

namespace {

int boundedInt(const std::optional<double> &v, int fallback)
{
    if (!v)
        return fallback;
    if (*v <= std::numeric_limits<int>::min())
        return std::numeric_limits<int>::min();
    if (*v >= std::numeric_limits<int>::max())
        return std::numeric_limits<int>::max();
    return static_cast<int>(*v);
}

QString rangeText(const ParameterSpec &spec)
{
    if (spec.min && spec.max)
        return ParameterForm::tr("from %1 to %2").arg(*spec.min).arg(*spec.max);
    if (spec.min)
        return ParameterForm::tr("at least %1").arg(*spec.min);
    if (spec.max)
        return ParameterForm::tr("at most %1").arg(*spec.max);
    return {};
}

} // namespace

ParameterForm::ParameterForm(QWidget *parent)
    : QWidget(parent)
    , m_form(new QFormLayout)
    , m_none(new QLabel(tr("This workflow has no parameters."), this))
    , m_reset(new QPushButton(tr("Reset to Defaults"), this))
{
    m_none->setEnabled(false);
    m_reset->setToolTip(tr("Put every parameter back to the value the workflow's manifest gives"));
    connect(m_reset, &QPushButton::clicked, this, &ParameterForm::resetToDefaults);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_form);
    layout->addWidget(m_none);
    layout->addWidget(m_reset, 0, Qt::AlignRight);
    setWorkflow({});
}

void ParameterForm::setWorkflow(const workflow::WorkflowManifest &manifest)
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_fields.clear();
    m_workflowId = manifest.id;
    for (const ParameterSpec &spec : manifest.parameters) {
        Field field{spec, makeEditor(spec), new QLabel(this)};
        QPalette red = field.error->palette();
        red.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
        field.error->setPalette(red);
        field.error->setWordWrap(true);
        field.error->hide();
        QString tip = spec.description;
        const QString range = rangeText(spec);
        tip +=
            (tip.isEmpty() ? QString() : QStringLiteral("\n")) +
            tr("Type: %1").arg(ParameterSpec::typeName(spec.type)) +
            (range.isEmpty() ? QString() : QStringLiteral(", ") + range) +
            (spec.defaultValue.isEmpty() ? QString()
                                         : QStringLiteral("\n") + tr("Default: %1").arg(spec.defaultValue));
        field.editor->setToolTip(tip);
        auto *label = new QLabel(spec.name + QLatin1Char(':'), this);
        label->setToolTip(tip);
        label->setBuddy(field.editor);
        auto *cell = new QWidget(this);
        auto *cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(2);
        cellLayout->addWidget(field.editor);
        cellLayout->addWidget(field.error);
        m_form->addRow(label, cell);
        setRawValue(field, spec.defaultValue);
        m_fields << field;
    }
    m_none->setVisible(m_fields.isEmpty() && !m_workflowId.isEmpty());
    m_reset->setVisible(!m_fields.isEmpty());
    revalidate();
}

QWidget *ParameterForm::makeEditor(const ParameterSpec &spec)
{
    QWidget *editor = nullptr;
    switch (spec.type) {
    case ParameterSpec::Type::String: {
        auto *e = new QLineEdit(this);
        e->setPlaceholderText(spec.description);
        e->setClearButtonEnabled(true);
        connect(e, &QLineEdit::textChanged, this, &ParameterForm::revalidate);
        editor = e;
        break;
    }
    case ParameterSpec::Type::Integer: {
        auto *e = new QSpinBox(this);
        e->setRange(boundedInt(spec.min, std::numeric_limits<int>::min()),
                    boundedInt(spec.max, std::numeric_limits<int>::max()));
        e->setAccelerated(true);
        connect(e, &QSpinBox::valueChanged, this, &ParameterForm::revalidate);
        editor = e;
        break;
    }
    case ParameterSpec::Type::Number: {
        auto *e = new QDoubleSpinBox(this);
        e->setDecimals(3);
        e->setRange(spec.min.value_or(-1e12), spec.max.value_or(1e12));
        connect(e, &QDoubleSpinBox::valueChanged, this, &ParameterForm::revalidate);
        editor = e;
        break;
    }
    case ParameterSpec::Type::Boolean: {
        auto *e = new QCheckBox(spec.description, this);
        connect(e, &QCheckBox::toggled, this, &ParameterForm::revalidate);
        editor = e;
        break;
    }
    case ParameterSpec::Type::Enum: {
        auto *e = new QComboBox(this);
        e->addItems(spec.allowed);
        connect(e, &QComboBox::currentTextChanged, this, &ParameterForm::revalidate);
        editor = e;
        break;
    }
    }
    editor->setObjectName(spec.name);
    return editor;
}

QString ParameterForm::rawValue(const Field &field)
{
    if (auto *e = qobject_cast<QLineEdit *>(field.editor))
        return e->text();
    if (auto *e = qobject_cast<QSpinBox *>(field.editor))
        return QString::number(e->value());
    if (auto *e = qobject_cast<QDoubleSpinBox *>(field.editor))
        return QString::number(e->value());
    if (auto *e = qobject_cast<QCheckBox *>(field.editor))
        return e->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
    if (auto *e = qobject_cast<QComboBox *>(field.editor))
        return e->currentText();
    return {};
}

void ParameterForm::setRawValue(const Field &field, const QString &value)
{
    // The default in canonical form where it is valid ("yes" -> "true"), as written otherwise.
    const auto canonical = field.spec.validate(value);
    const QString v = canonical ? canonical.value() : value;
    if (auto *line = qobject_cast<QLineEdit *>(field.editor))
        line->setText(v);
    else if (auto *spin = qobject_cast<QSpinBox *>(field.editor))
        spin->setValue(v.toInt());
    else if (auto *real = qobject_cast<QDoubleSpinBox *>(field.editor))
        real->setValue(v.toDouble());
    else if (auto *check = qobject_cast<QCheckBox *>(field.editor))
        check->setChecked(v == QLatin1String("true"));
    else if (auto *combo = qobject_cast<QComboBox *>(field.editor))
        combo->setCurrentIndex(qMax(0, combo->findText(v)));
}

void ParameterForm::resetToDefaults()
{
    for (const Field &field : std::as_const(m_fields))
        setRawValue(field, field.spec.defaultValue);
    revalidate();
}

void ParameterForm::revalidate()
{
    bool valid = true;
    for (const Field &field : std::as_const(m_fields)) {
        const auto checked = field.spec.validate(rawValue(field));
        field.error->setText(checked ? QString() : checked.error().message);
        field.error->setVisible(!checked);
        valid = valid && checked.ok();
    }
    Q_EMIT valuesChanged();
    if (valid != m_valid) {
        m_valid = valid;
        Q_EMIT validChanged(m_valid);
    }
}

QMap<QString, QString> ParameterForm::values() const
{
    QMap<QString, QString> values;
    for (const Field &field : m_fields) {
        const auto checked = field.spec.validate(rawValue(field));
        if (checked)
            values.insert(m_workflowId + QLatin1Char('.') + field.spec.name, checked.value());
    }
    return values;
}

QWidget *ParameterForm::editor(const QString &name) const
{
    for (const Field &field : m_fields)
        if (field.spec.name == name)
            return field.editor;
    return nullptr;
}

QString ParameterForm::errorText(const QString &name) const
{
    for (const Field &field : m_fields)
        if (field.spec.name == name)
            return field.error->text();
    return {};
}

} // namespace ff::ui

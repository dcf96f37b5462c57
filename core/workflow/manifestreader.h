#pragma once

// Internal to the manifest's parser: the error collector and the readers of its parts, each in
// the file of its job (manifestparse.cpp the fields, manifestvalues.cpp sizes, durations,
// resources and the user, manifestpolicy.cpp what a manifest may never ask for).
#include "manifest.h"

#include <yaml-cpp/yaml.h>

namespace ff::workflow::detail {

inline QString str(const YAML::Node &n)
{
    return n && n.IsScalar() ? QString::fromStdString(n.Scalar()) : QString();
}

// The 1-based line of a node, 0 when it has none (a node made in code, or missing).
inline int lineOf(const YAML::Node &n)
{
    if (!n.IsDefined())
        return 0;
    const YAML::Mark mark = n.Mark();
    return mark.is_null() ? 0 : mark.line + 1;
}

class Reader
{
public:
    Reader(QString file, QList<ManifestError> *errors)
        : m_file(std::move(file))
        , m_errors(errors)
    {}
    void error(const QString &field, const QString &reason, int line = 0)
    {
        ++m_count;
        if (m_errors)
            m_errors->append({m_file, field, reason, line});
    }
    // At the line of `at`.
    void error(const YAML::Node &at, const QString &field, const QString &reason)
    {
        error(field, reason, lineOf(at));
    }
    int count() const { return m_count; }
    QString requireString(const YAML::Node &root, const char *key);
    QStringList stringList(const YAML::Node &n, const QString &field);

private:
    QString m_file;
    QList<ManifestError> *m_errors;
    int m_count = 0;
};

// Each reads its part of the manifest into `m` and reports what is wrong through `r`.
void readResources(const YAML::Node &node, WorkflowManifest &m, Reader &r);
void readUser(const YAML::Node &node, WorkflowManifest &m, Reader &r);
void readNetwork(const YAML::Node &node, WorkflowManifest &m, Reader &r);
// Refuses every field a manifest has no business with (at any level the schema has maps),
// first of all those that would weaken the container's hardening: privileged, host paths,
// capabilities, host namespaces, devices, the engine's socket.
void checkFields(const YAML::Node &root, Reader &r);

} // namespace ff::workflow::detail

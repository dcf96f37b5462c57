#pragma once

#include <QMetaType>
#include <QString>

#include <optional>
#include <utility>

namespace ff {

// An error is a value: every fallible call of the core ends in either a result or one of
// these, with a message a person can act on. Nothing throws across the API.
struct Error
{
    enum class Kind {
        None,
        NoSocket,          // the socket path does not exist: no engine there
        PermissionDenied,  // the socket exists but we may not open it
        ConnectionRefused, // nothing listens (tcp) or a stale socket file
        HostNotFound,
        Tls,
        EngineTooOld,
        NotFound,
        Conflict,
        BadRequest,
        Unauthorized,
        EngineError, // any other 4xx/5xx: the engine's own message is kept
        Protocol,    // truncated or malformed response
        Timeout,
        Canceled,
        InvalidArgument,
        Io,
        Parse, // malformed input: a manifest, a tool's output, SARIF
        Database,
    };

    Kind kind = Kind::None;
    int httpStatus = 0;
    QString message;

    bool isError() const { return kind != Kind::None; }
    explicit operator bool() const { return isError(); }
    QString kindName() const;
    // The message, prefixed by what went wrong in general terms ("not found: ...").
    QString toString() const;
    // Engine-side or network failures worth retrying (not a bad request, not a 404).
    bool isTransient() const;

    static Error make(Kind kind, QString message, int httpStatus = 0)
    {
        return Error{kind, httpStatus, std::move(message)};
    }
    // Maps an engine error response (status + JSON body {"message": ...}) to an Error.
    static Error fromHttp(int status, const QByteArray &body);
};

template <typename T> class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    {}
    Result(Error error)
        : m_error(std::move(error))
    {}
    Result()
        : m_error(Error::make(Error::Kind::Canceled, QStringLiteral("no result")))
    {}

    bool ok() const { return !m_error.isError(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    // By value: a range-for over a temporary result's value() must not dangle.
    T value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }

private:
    std::optional<T> m_value;
    Error m_error;
};

template <> class Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {}
    bool ok() const { return !m_error.isError(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    Error m_error;
};

using Status = Result<void>;

} // namespace ff

Q_DECLARE_METATYPE(ff::Error)

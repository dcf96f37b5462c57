#pragma once

#include <QByteArray>
#include <QList>

#include <cstddef>
#include <cstdint>

namespace ff::fuzz {

// A violated invariant must stop libFuzzer with a crash it records, in every build type
// (assert() is compiled out in RelWithDebInfo).
inline void check(bool condition)
{
    if (!condition)
        __builtin_trap();
}

// The input as the parsers would receive it, and the same bytes cut at a point chosen by
// the fuzzer, so "fed whole" and "fed in two reads" can be compared.
struct Input
{
    quint8 flags = 0;
    QByteArray bytes;
    qsizetype split = 0;

    QList<QByteArray> whole() const { return {bytes}; }
    QList<QByteArray> halves() const { return {bytes.left(split), bytes.mid(split)}; }
    QList<QByteArray> singleBytes() const
    {
        QList<QByteArray> out;
        for (const char c : bytes)
            out.append(QByteArray(1, c));
        return out;
    }
};

// Byte 0: flags for the target; bytes 1-2: where to split; the rest: the stream.
inline bool readInput(const uint8_t *data, size_t size, Input &input)
{
    if (size < 3)
        return false;
    input.flags = data[0];
    input.bytes = QByteArray(reinterpret_cast<const char *>(data + 3), static_cast<qsizetype>(size - 3));
    const qsizetype at = (qsizetype(data[1]) << 8) | data[2];
    input.split = at % (input.bytes.size() + 1);
    return true;
}

// Feeding one byte at a time is the harshest split; keep it to inputs small enough that it
// does not dominate the run.
constexpr qsizetype kSingleByteLimit = 512;

} // namespace ff::fuzz

using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Portal.Data;

/// PostgreSQL's binary COPY format (header, rows of length-prefixed big-endian fields, trailer), written by our own
/// code for the column types the bulk loads use, and sent through Npgsql's raw binary COPY. Npgsql's own importer
/// resolves, binds and writes each value through an asynchronous path of its own, about 0.6 µs a value: most of the
/// time of a 100,000-row segmentation load with 29 columns, against a few nanoseconds here. Each value is encoded as
/// Npgsql encodes it (BulkLoadTests and PgCopyWriterTests compare what the server stores).
internal sealed class PgCopyWriter
{
    /// The column types written here (store type without its size, provider CLR type); others go through Npgsql.
    public static bool Supports(string storeType, Type providerType) => storeType switch
    {
        "integer" => providerType == typeof(int),
        "bigint" => providerType == typeof(long),
        "boolean" => providerType == typeof(bool),
        "numeric" => providerType == typeof(decimal),
        "date" => providerType == typeof(DateOnly),
        "timestamp with time zone" => providerType == typeof(DateTimeOffset),
        "text" or "character varying" => providerType == typeof(string),
        _ => false,
    };

    // "PGCOPY\n\xff\r\n\0", no flags, no header extension.
    private static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private const int PostgresEpochDay = 730119; // 2000-01-01 as DateOnly.DayNumber
    private const long PostgresEpochTicks = 630822816000000000; // 2000-01-01T00:00:00Z in ticks

    private readonly ArrayBufferWriter<byte> buffer = new(1 << 20);
    private readonly short columns;

    public PgCopyWriter(int columns)
    {
        this.columns = checked((short)columns);
        buffer.Write(Header);
    }

    /// The bytes encoded since the last Clear: the caller sends Written, then clears the buffer to reuse it.
    public int Pending => buffer.WrittenCount;

    public ReadOnlySpan<byte> Written => buffer.WrittenSpan;

    public void Clear() => buffer.ResetWrittenCount();

    public void End() => Int16(-1);

    public void StartRow() => Int16(columns);

    public void WriteNull() => Int32(-1);

    public void Write(int value)
    {
        var span = buffer.GetSpan(8);
        BinaryPrimitives.WriteInt32BigEndian(span, 4);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], value);
        buffer.Advance(8);
    }

    public void Write(long value)
    {
        var span = buffer.GetSpan(12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
        buffer.Advance(12);
    }

    public void Write(bool value)
    {
        var span = buffer.GetSpan(5);
        BinaryPrimitives.WriteInt32BigEndian(span, 1);
        span[4] = value ? (byte)1 : (byte)0;
        buffer.Advance(5);
    }

    public void Write(string value)
    {
        var span = buffer.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        buffer.Advance(4 + length);
    }

    /// Days since 2000-01-01; the smallest and largest day as -infinity and infinity, as Npgsql writes them.
    public void Write(DateOnly value) => Write(
        value == DateOnly.MinValue ? int.MinValue : value == DateOnly.MaxValue ? int.MaxValue : value.DayNumber - PostgresEpochDay);

    /// Microseconds since 2000-01-01 UTC (the ticks' last digit dropped, as Npgsql drops it); the smallest and
    /// largest moment as -infinity and infinity.
    public void Write(DateTimeOffset value) => Write(
        value == DateTimeOffset.MinValue ? long.MinValue : value == DateTimeOffset.MaxValue ? long.MaxValue : (value.UtcTicks - PostgresEpochTicks) / 10);

    /// numeric: the digits in base 10,000 from the decimal point out, the weight of the first (in groups of four
    /// decimal digits), the sign and the decimal's scale. Trailing zero groups are left out, as PostgreSQL does.
    public void Write(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];

        // Scaled to whole groups after the point: mantissa × 10^(4 × fractionGroups − scale) < 2^96 × 1,000 fits.
        var fractionGroups = (scale + 3) / 4;
        for (var i = scale; i < fractionGroups * 4; i++)
        {
            mantissa *= 10;
        }

        // Least significant group first; at most 8 groups (29 digits and 3 of scaling).
        Span<short> groups = stackalloc short[10];
        var count = 0;
        while (mantissa != 0)
        {
            groups[count++] = (short)(ulong)(mantissa % 10_000);
            mantissa /= 10_000;
        }

        var weight = count - fractionGroups - 1;
        var first = 0;
        while (first < count && groups[first] == 0)
        {
            first++;
        }

        var digits = count - first;
        var span = buffer.GetSpan(4 + 8 + 2 * digits);
        BinaryPrimitives.WriteInt32BigEndian(span, 8 + 2 * digits);
        BinaryPrimitives.WriteInt16BigEndian(span[4..], (short)digits);
        BinaryPrimitives.WriteInt16BigEndian(span[6..], (short)(digits == 0 ? 0 : weight));
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], negative && digits > 0 ? (ushort)0x4000 : (ushort)0);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)scale);
        for (var i = 0; i < digits; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(span[(12 + 2 * i)..], groups[count - 1 - i]);
        }

        buffer.Advance(4 + 8 + 2 * digits);
    }

    private void Int16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(buffer.GetSpan(2), value);
        buffer.Advance(2);
    }

    private void Int32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }
}

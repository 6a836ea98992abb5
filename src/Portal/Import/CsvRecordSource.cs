using System.Globalization;
using System.Text;
using CsvHelper;
using Portal.Web;

namespace Portal.Import;

/// Reads a CSV file or upload one record at a time (never the whole file), with Portal's field keys resolved to the
/// file's columns once, from the header. Every CSV import reads through here: the ERP import (command line, admin
/// upload) and the product managers' offer CSV, so that a file is read the same way wherever it is uploaded.
internal sealed class CsvRecordSource : IDisposable
{
    private readonly CsvReader csv;
    private readonly Dictionary<string, int> columns = new(StringComparer.OrdinalIgnoreCase);

    // Record numbers (header = 1) the reader reported as malformed; it recovers and returns them, and we reject them.
    private readonly HashSet<long> malformed = [];

    /// The ERP import's file, read as the operator described it (delimiter, culture, --map).
    public static CsvRecordSource Open(ImportRequest request)
    {
        if (!File.Exists(request.FilePath))
        {
            throw new ImportSetupException($"File not found: {request.FilePath}");
        }

        if (request.Delimiter.Length != 1 || !char.IsAscii(request.Delimiter[0]))
        {
            throw new ImportSetupException($"The delimiter must be one ASCII character, not '{request.Delimiter}'.");
        }

        var stream = new FileStream(request.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
        return new CsvRecordSource(stream, leaveOpen: false, request.FilePath, request.Delimiter[0], request.Culture, ImportRequest.FieldsOf(request.Kind), request.Map);
    }

    /// An upload read as it arrives; the caller owns the stream.
    public static CsvRecordSource Read(Stream input, char delimiter, CultureInfo culture, IReadOnlyList<ImportField> fields) =>
        new(input, leaveOpen: true, "The file", delimiter, culture, fields, new Dictionary<string, string>());

    private CsvRecordSource(Stream input, bool leaveOpen, string name, char delimiter, CultureInfo culture, IReadOnlyList<ImportField> fields, IReadOnlyDictionary<string, string> map)
    {
        csv = CsvReader.Create(input, CsvReaderOptions.Default with
        {
            Separator = delimiter,
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            FormatProvider = culture,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            OnMalformedRecord = record => malformed.Add(record.RecordNumber),
        }, leaveOpen);
        try
        {
            ResolveColumns(name, fields, map);
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    private void ResolveColumns(string name, IReadOnlyList<ImportField> fields, IReadOnlyDictionary<string, string> map)
    {
        csv.ReadHeader();
        var header = csv.Headers;
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            throw new ImportSetupException($"{name} has no header row.", fields.Where(f => f.Required).Select(f => f.Key).ToList());
        }

        // Excel's "CSV UTF-8" starts with a byte order mark, which would otherwise stick to the first column's name.
        var byName = header.Select((column, index) => (column: column.Trim().TrimStart('\uFEFF'), index))
            .GroupBy(h => h.column, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().index, StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        foreach (var field in fields)
        {
            if (map.TryGetValue(field.Key, out var mapped))
            {
                columns[field.Key] = byName.TryGetValue(mapped, out var index)
                    ? index
                    : throw new ImportSetupException($"--map sends {field.Key} to column '{mapped}', which the file does not have. Its columns: {string.Join(", ", header)}.");
            }
            else if (field.Names.Select(n => byName.TryGetValue(n, out var index) ? index : (int?)null).FirstOrDefault(i => i is not null) is { } found)
            {
                columns[field.Key] = found;
            }
            else if (field.Required)
            {
                missing.Add(field.Key);
            }
        }

        if (missing.Count > 0)
        {
            var field = fields.First(f => f.Key == missing[0]);
            throw new ImportSetupException($"No column for the required field '{field.Key}' ({field.Meaning}). Name a column {field.Key} or map it with --map {field.Key}=Column. The file's columns: {string.Join(", ", header)}.", missing);
        }
    }

    public bool Has(string key) => columns.ContainsKey(key);

    /// The next record, or null at the end of the file. A row with no value at all (Excel leaves ";;;;" rows behind
    /// when lines are cleared) is skipped: there is nothing in it to import or to reject.
    public CsvRecord? Next()
    {
        while (csv.Read())
        {
            if (IsEmpty())
            {
                malformed.Remove(csv.RowNumber + 1);
                continue;
            }

            var values = new Dictionary<string, string?>(columns.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, index) in columns)
            {
                var value = index < csv.FieldCount ? csv.GetString(index) : null;
                values[key] = string.IsNullOrEmpty(value) ? null : SpreadsheetCsv.Restore(value);
            }

            return new CsvRecord(csv.LineNumber, Encoding.UTF8.GetString(csv.RawRecord), values, malformed.Remove(csv.RowNumber + 1));
        }

        return null;
    }

    /// The records in batches of at most `size`, read as the batches are asked for.
    public IEnumerable<List<CsvRecord>> Batches(int size)
    {
        var batch = new List<CsvRecord>(size);
        while (Next() is { } record)
        {
            batch.Add(record);
            if (batch.Count == size)
            {
                yield return batch;
                batch = new List<CsvRecord>(size);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private bool IsEmpty()
    {
        for (var i = 0; i < csv.FieldCount; i++)
        {
            if (!string.IsNullOrEmpty(csv.GetString(i)))
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose() => csv.Dispose();
}

internal sealed record CsvRecord(long Line, string Raw, IReadOnlyDictionary<string, string?> Values, bool Malformed)
{
    public string? this[string key] => Values.GetValueOrDefault(key);
}

/// A row that cannot be imported, with the reason in words an operator can act on.
internal sealed class RowRejectedException(string reason) : Exception(reason);

/// Rejected rows go to `<input>.rejects.csv` (line, reason, the record as it was). The file is only written when a
/// row is rejected, so a clean import from a read-only folder works; a stale one from an earlier import is removed.
internal sealed class RejectsWriter(string path) : IDisposable
{
    private SpreadsheetCsv? csv;

    public long Count { get; private set; }

    public void RemoveStale()
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    public void Write(long line, string reason, string record)
    {
        if (csv is null)
        {
            csv = SpreadsheetCsv.Create(File.Create(path));
            csv.Row("line", "reason", "record");
        }

        csv.Row(line.ToString(CultureInfo.InvariantCulture), reason, record);
        Count++;
    }

    public void Dispose() => csv?.Dispose();
}

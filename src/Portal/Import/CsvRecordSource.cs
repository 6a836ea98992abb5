using System.Globalization;
using System.Text;
using CsvHelper;
using Portal.Localization;
using Portal.Web;

namespace Portal.Import;

/// Reads a CSV file one record at a time (never the whole file), with Portal's field keys resolved to the file's
/// columns once, from the header.
internal sealed class CsvRecordSource : IDisposable
{
    private readonly CsvReader csv;
    private readonly Dictionary<string, int> columns = new(StringComparer.OrdinalIgnoreCase);

    // Record numbers (header = 1) the reader reported as malformed; it recovers and returns them, and we reject them.
    private readonly HashSet<long> malformed = [];

    public CsvRecordSource(ImportRequest request)
    {
        if (!File.Exists(request.FilePath))
        {
            throw new ImportSetupException($"File not found: {request.FilePath}");
        }

        if (request.Delimiter.Length != 1 || !char.IsAscii(request.Delimiter[0]))
        {
            throw new ImportSetupException($"The delimiter must be one ASCII character, not '{request.Delimiter}'.");
        }

        csv = CsvReader.FromFile(request.FilePath, CsvReaderOptions.Default with
        {
            Separator = request.Delimiter[0],
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            FormatProvider = request.Culture,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            OnMalformedRecord = record => malformed.Add(record.RecordNumber),
        }, FileOptions.SequentialScan);
        csv.ReadHeader();
        var header = csv.Headers;
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            throw new ImportSetupException($"{request.FilePath} has no header row.");
        }

        var byName = header.Select((name, index) => (name: name.Trim(), index))
            .GroupBy(h => h.name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().index, StringComparer.OrdinalIgnoreCase);
        foreach (var field in ImportRequest.FieldsOf(request.Kind))
        {
            var mapped = request.Map.TryGetValue(field.Key, out var column);
            if (byName.TryGetValue(mapped ? column! : field.Key, out var index))
            {
                columns[field.Key] = index;
            }
            else if (mapped)
            {
                throw new ImportSetupException($"--map sends {field.Key} to column '{column}', which the file does not have. Its columns: {string.Join(", ", header)}.");
            }
            else if (field.Required)
            {
                throw new ImportSetupException($"No column for the required field '{field.Key}' ({field.Meaning}). Name a column {field.Key} or map it with --map {field.Key}=Column. The file's columns: {string.Join(", ", header)}.");
            }
        }
    }

    public bool Has(string key) => columns.ContainsKey(key);

    /// The next record, or null at the end of the file.
    public CsvRecord? Next()
    {
        if (!csv.Read())
        {
            return null;
        }

        var values = new Dictionary<string, string?>(columns.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, index) in columns)
        {
            var value = index < csv.FieldCount ? csv.GetString(index) : null;
            values[key] = string.IsNullOrEmpty(value) ? null : SpreadsheetCsv.Restore(value);
        }

        return new CsvRecord(csv.LineNumber, Encoding.UTF8.GetString(csv.RawRecord), values, malformed.Remove(csv.RowNumber + 1));
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

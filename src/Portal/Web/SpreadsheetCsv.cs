using System.Text.RegularExpressions;
using CsvHelper;

namespace Portal.Web;

/// Every CSV a person downloads is written through this, because people open CSVs in a spreadsheet: a cell that
/// begins with =, +, -, @, a tab or a carriage return is a formula there (OWASP "CSV injection"), and a product
/// name, search term or rejected import line can be typed by anyone. Such a cell gets a leading single quote, which
/// spreadsheets show as text; numbers (-12.50, 1.234,5) stay numbers. Readers of the portal's own exports undo the
/// quote with Restore, so an exported offer imports again unchanged.
public sealed partial class SpreadsheetCsv : IDisposable
{
    private readonly CsvWriter csv;

    private SpreadsheetCsv(CsvWriter csv) => this.csv = csv;

    public static SpreadsheetCsv Create(TextWriter writer, char separator = ',', bool leaveOpen = true) =>
        new(CsvWriter.Create(writer, CsvWriterOptions.Default with { NewLine = "\n", Separator = separator }, leaveOpen));

    public static SpreadsheetCsv Create(Stream stream, char separator = ',', bool leaveOpen = false) =>
        new(CsvWriter.Create(stream, CsvWriterOptions.Default with { NewLine = "\n", Separator = separator }, leaveOpen));

    public void Field(string? value) => csv.WriteField(Neutralise(value));

    public void Row(params IEnumerable<string?> fields)
    {
        foreach (var field in fields)
        {
            Field(field);
        }

        csv.EndRecord();
    }

    public void EndRow() => csv.EndRecord();

    public void Flush() => csv.Flush();

    public void Dispose() => csv.Dispose();

    public static string Neutralise(string? value)
    {
        if (string.IsNullOrEmpty(value) || !IsFormulaStart(value[0]) || PlainNumber().IsMatch(value))
        {
            return value ?? "";
        }

        return "'" + value;
    }

    /// The value as it was before Neutralise quoted it.
    public static string? Restore(string? value) =>
        value is { Length: > 1 } && value[0] == '\'' && IsFormulaStart(value[1]) && !PlainNumber().IsMatch(value[1..]) ? value[1..] : value;

    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    [GeneratedRegex(@"^[+-]?[0-9]+(?:[.,][0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();
}

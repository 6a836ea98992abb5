using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Import;
using Portal.Web;

namespace Portal.ProductManagement;

/// CSV export and import of the offer for product managers: products with their pack sizes (one row per pack size,
/// keyed by SKU) and prices (one row per list, SKU and tier). Rows are checked one by one; a bad row is reported
/// with its line number and reason and the good rows are imported, by the imports in Import/.
public sealed class OfferCsv(PortalDbContext db, AuditTrail audit, PriceEditor prices)
{
    public enum Kind
    {
        Products,
        Prices,
    }

    /// Excel in Germany writes semicolons and decimal commas; other tools commas and decimal points.
    public enum Format
    {
        German,
        International,
    }

    // The export writes the import's vocabulary, so that an exported file imports again as it is.
    public static readonly string[] ProductColumns = [.. ProductImport.Fields.Select(f => f.Key)];
    public static readonly string[] PriceColumns = [.. PriceImport.Fields.Select(f => f.Key)];

    public sealed record RowError(long Line, string Reason);

    public sealed record Result(int Read, int Imported, IReadOnlyList<RowError> Errors, string? FileError = null);

    public static (char Delimiter, CultureInfo Culture) Settings(Format format) =>
        format == Format.German ? (';', CultureInfo.GetCultureInfo("de-DE")) : (',', CultureInfo.InvariantCulture);

    public async Task ExportAsync(Kind kind, Format format, Stream output, CancellationToken cancellationToken)
    {
        var (delimiter, culture) = Settings(format);
        await using var writer = new StreamWriter(output, new UTF8Encoding(true), leaveOpen: true);
        using var csv = SpreadsheetCsv.Create(writer, delimiter);
        void Row(IEnumerable<string?> fields) => csv.Row(fields);

        string Number(decimal? value) => value?.ToString("0.####", culture) ?? "";
        if (kind == Kind.Products)
        {
            Row(ProductColumns);
            var rows = db.PackSizes.AsNoTracking().OrderBy(s => s.Product!.Name).ThenBy(s => s.UnitsPerPack)
                .Select(s => new { s.Sku, Product = s.Product!.Name, ProductDe = s.Product.NameDe, s.Product.Description, DescriptionDe = s.Product.DescriptionDe, Category = s.Product.Category!.Name, s.Product.BaseUnit, s.Product.TaxRate, s.Name, s.NameDe, s.UnitsPerPack, s.IsSmallPack, s.Gtin, s.WeightKg, s.CostPrice, s.LeadTimeDays, s.IsActive })
                .AsAsyncEnumerable();
            await foreach (var r in rows.WithCancellation(cancellationToken))
            {
                Row([r.Sku, r.Product, r.ProductDe, r.Description, r.DescriptionDe, r.Category, r.BaseUnit, Number(r.TaxRate), r.Name, r.NameDe, Number(r.UnitsPerPack), r.IsSmallPack ? "1" : "0", r.Gtin, Number(r.WeightKg), Number(r.CostPrice), r.LeadTimeDays.ToString(culture), r.IsActive ? "1" : "0"]);
            }
        }
        else
        {
            Row(PriceColumns);
            var rows = db.PriceListEntries.AsNoTracking()
                .Join(db.PriceLists, e => e.PriceListId, l => l.Id, (e, l) => new { l.Code, e.PackSize!.Sku, e.MinQuantity, e.UnitPrice })
                .OrderBy(r => r.Code).ThenBy(r => r.Sku).ThenBy(r => r.MinQuantity)
                .AsAsyncEnumerable();
            await foreach (var r in rows.WithCancellation(cancellationToken))
            {
                Row([r.Code, r.Sku, r.MinQuantity.ToString(culture), Number(r.UnitPrice)]);
            }
        }

        csv.Flush();
    }

    /// Products through the import the ERP import uses too (ProductImport), prices through PriceImport; both read the
    /// upload as it arrives (CsvRecordSource), so a large file never sits in memory as a whole.
    public async Task<Result> ImportAsync(Kind kind, Format format, Stream input, CancellationToken cancellationToken)
    {
        var (delimiter, culture) = Settings(format);
        CsvRecordSource source;
        try
        {
            source = CsvRecordSource.Read(input, delimiter, culture, kind == Kind.Products ? ProductImport.Fields : PriceImport.Fields);
        }
        catch (ImportSetupException e) when (e.MissingFields.Count > 0)
        {
            var columns = kind == Kind.Products ? ProductColumns : PriceColumns;
            return new Result(0, 0, [], $"The file needs a header row with the columns {string.Join(delimiter, columns)}; missing: {string.Join(", ", e.MissingFields)}.");
        }

        using (source)
        {
            var parser = new FieldParser(culture);
            var summary = new ImportSummary();
            var errors = new List<RowError>();
            void Reject(Rejection rejection) => errors.Add(new RowError(rejection.Line, rejection.Reason));
            if (kind == Kind.Products)
            {
                await BatchImport.RunAsync(source, new ProductImport(db, audit, parser, ProductImport.Origin.ProductManager), db, summary, Reject, () => { }, cancellationToken);
            }
            else
            {
                var import = new PriceImport(db, audit, prices, parser);
                await BatchImport.RunAsync(source, import, db, summary, Reject, () => { }, cancellationToken);
                (await import.WriteAsync(cancellationToken)).ForEach(Reject);
            }

            var read = (int)summary.Read;
            return new Result(read, read - errors.Select(e => e.Line).Distinct().Count(), errors.OrderBy(e => e.Line).ToList());
        }
    }
}

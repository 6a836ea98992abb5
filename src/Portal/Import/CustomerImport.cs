using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;

namespace Portal.Import;

/// Customers keyed by their number: new ones are created, known ones get the values the file has.
internal sealed class CustomerImport(PortalDbContext db, TimeProvider time, FieldParser parser) : IBatchImport
{
    public static readonly IReadOnlyList<ImportField> Fields =
    [
        new("customer", true, "the customer number (natural key)"),
        new("name", false, "company name"),
        new("potential", false, "revenue potential per year"),
        new("creditlimit", false, "Credit limit"),
        new("vatid", false, "VAT ID"),
        new("language", false, "preferred language, en or de"),
    ];

    private sealed record Row(string Number, string? Name, decimal? Potential, decimal? CreditLimit, string? VatId, string? Language);

    public async Task ImportAsync(IReadOnlyList<CsvRecord> batch, ImportSummary summary, List<Rejection> rejected, CancellationToken cancellationToken)
    {
        var rows = BatchImport.Parse(batch, Parse, rejected);

        var numbers = rows.Select(r => r.Number).Distinct().ToList();
        var existing = await db.Customers.Where(c => numbers.Contains(c.Number)).ToDictionaryAsync(c => c.Number, StringComparer.Ordinal, cancellationToken);
        foreach (var row in rows)
        {
            if (!existing.TryGetValue(row.Number, out var customer))
            {
                existing[row.Number] = Create(row);
                summary.Created++;
            }
            else if (Update(customer, row))
            {
                summary.Updated++;
            }
            else
            {
                summary.Unchanged++;
            }
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
    }

    private Row Parse(CsvRecord record)
    {
        FieldParser.RejectMalformed(record);
        var language = record["language"]?.ToLowerInvariant();
        if (language is not null and not ("en" or "de"))
        {
            throw new RowRejectedException($"language '{language}' is not en or de");
        }

        return new Row(
            FieldParser.Text(FieldParser.Required(record, "customer"), "customer", 32),
            FieldParser.OptionalText(record, "name", 200),
            FieldParser.Round(parser.OptionalDecimal(record["potential"], "potential"), 2),
            FieldParser.Round(parser.OptionalDecimal(record["creditlimit"], "creditlimit"), 2),
            FieldParser.OptionalText(record, "vatid", 32),
            language);
    }

    private Customer Create(Row row)
    {
        var customer = new Customer
        {
            Number = row.Number,
            Name = row.Name ?? $"Customer {row.Number}",
            Potential = row.Potential,
            CreditLimit = row.CreditLimit ?? 0m,
            VatId = row.VatId,
            Language = row.Language ?? "de",
            CreatedAt = time.GetUtcNow(),
        };
        db.Customers.Add(customer);
        return customer;
    }

    private static bool Update(Customer customer, Row row)
    {
        var changed = false;
        if (Incoming.ChangesText(customer.Name, row.Name)) { customer.Name = row.Name!; changed = true; }
        if (Incoming.ChangesNullable(customer.Potential, row.Potential)) { customer.Potential = row.Potential; changed = true; }
        if (Incoming.ChangesValue(customer.CreditLimit, row.CreditLimit)) { customer.CreditLimit = row.CreditLimit!.Value; changed = true; }
        if (Incoming.ChangesText(customer.VatId, row.VatId)) { customer.VatId = row.VatId; changed = true; }
        if (Incoming.ChangesText(customer.Language, row.Language)) { customer.Language = row.Language!; changed = true; }
        return changed;
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Pricing;
using Portal.ProductManagement;

namespace Portal.Import;

/// Tier prices, one row per price list, SKU and minimum quantity (the product managers' offer CSV). The rows given
/// are upserted; tiers the file does not name stay. A pack's tiers in a list are checked as a set (one must start
/// at 1 pack), so rows are checked batch by batch as they are read and written when the file is through: what is
/// kept in between is a key and a price per accepted row, never the rows.
internal sealed class PriceImport(PortalDbContext db, AuditTrail audit, PriceEditor prices, FieldParser parser) : IBatchImport
{
    public static readonly IReadOnlyList<ImportField> Fields =
    [
        new("pricelist", true, "price list code"),
        new("sku", true, "SKU"),
        new("minquantity", true, "minimum quantity in packs"),
        new("price", true, "Unit price"),
    ];

    // The pack sizes the file's SKUs name, by SKU in upper case: the natural key, looked up once per batch.
    private readonly Dictionary<string, List<PackKey>> packs = new(StringComparer.Ordinal);
    private readonly Dictionary<(int List, int Pack, int Min), (long Line, decimal Price)> accepted = [];
    private Dictionary<string, PriceList>? lists;

    private sealed record PackKey(int Id, string Sku);

    public async Task ImportAsync(IReadOnlyList<CsvRecord> batch, ImportSummary summary, List<Rejection> rejected, CancellationToken cancellationToken)
    {
        lists ??= await db.PriceLists.AsNoTracking().ToDictionaryAsync(l => l.Code, l => l, StringComparer.OrdinalIgnoreCase, cancellationToken);
        await ResolveSkusAsync(batch, cancellationToken);
        BatchImport.Parse(batch, Accept, rejected);
    }

    private (int List, int Pack, int Min) Accept(CsvRecord record)
    {
        FieldParser.RejectMalformed(record);
        var code = FieldParser.Required(record, "pricelist");
        var list = lists!.GetValueOrDefault(code) ?? throw new RowRejectedException($"Unknown price list '{code}'");
        var sku = FieldParser.Required(record, "sku");
        var pack = Skus.Match(packs.GetValueOrDefault(sku.ToUpperInvariant()) ?? [], p => p.Sku, sku)?.Id ?? throw new RowRejectedException($"Unknown SKU '{sku}'");
        var min = parser.Integer(FieldParser.Required(record, "minquantity"), "minquantity");
        if (min < 1)
        {
            throw new RowRejectedException("minquantity must be at least 1");
        }

        var price = parser.Decimal(FieldParser.Required(record, "price"), "price");
        if (price < 0 || price > 1_000_000)
        {
            throw new RowRejectedException($"price {price.ToString(CultureInfo.InvariantCulture)} is outside 0 to 1,000,000");
        }

        if (accepted.TryGetValue((list.Id, pack, min), out var earlier))
        {
            throw new RowRejectedException($"Same price list, SKU and minquantity as line {earlier.Line}");
        }

        accepted[(list.Id, pack, min)] = (record.Line, Math.Round(price, 4));
        return (list.Id, pack, min);
    }

    private async Task ResolveSkusAsync(IReadOnlyList<CsvRecord> batch, CancellationToken cancellationToken)
    {
        var skus = batch.Select(r => r["sku"]?.ToUpperInvariant()).OfType<string>().Where(s => !packs.ContainsKey(s)).Distinct().ToList();
        var found = await db.PackSizes.AsNoTracking().Where(s => skus.Contains(s.Sku.ToUpper())).Select(s => new PackKey(s.Id, s.Sku)).ToListAsync(cancellationToken);
        var bySku = found.ToLookup(p => p.Sku.ToUpperInvariant());
        foreach (var sku in skus)
        {
            packs[sku] = bySku[sku].ToList();
        }
    }

    /// Writes the accepted tiers, one audit entry per price list. A pack whose tiers in a list would not start at
    /// 1 pack is refused with each of its rows.
    public async Task<List<Rejection>> WriteAsync(CancellationToken cancellationToken)
    {
        var rejected = new List<Rejection>();
        var skuOf = packs.Values.SelectMany(p => p).DistinctBy(p => p.Id).ToDictionary(p => p.Id, p => p.Sku);
        var packIdsGiven = accepted.Keys.Select(k => k.Pack).Distinct().ToList();
        var listIds = accepted.Keys.Select(k => k.List).Distinct().ToList();
        var existing = (await db.PriceListEntries.Where(e => listIds.Contains(e.PriceListId) && packIdsGiven.Contains(e.PackSizeId)).ToListAsync(cancellationToken))
            .ToLookup(e => (e.PriceListId, e.PackSizeId));
        foreach (var group in accepted.GroupBy(a => a.Key.List))
        {
            var changes = new List<FieldChange>();
            foreach (var pack in group.GroupBy(a => a.Key.Pack))
            {
                var current = existing[(group.Key, pack.Key)].ToList();
                var wanted = current.Where(e => pack.All(p => p.Key.Min != e.MinQuantity)).Select(e => (MinQuantity: e.MinQuantity, UnitPrice: e.UnitPrice))
                    .Concat(pack.Select(p => (MinQuantity: p.Key.Min, UnitPrice: p.Value.Price))).ToList();
                if (wanted.All(w => w.MinQuantity != 1))
                {
                    foreach (var p in pack)
                    {
                        rejected.Add(new(p.Value.Line, "The pack has no price from 1 pack in this list; add a row with minquantity 1", ""));
                    }

                    continue;
                }

                changes.AddRange(prices.Apply(group.Key, pack.Key, skuOf[pack.Key], current, wanted));
            }

            if (changes.Count > 0)
            {
                var list = lists!.Values.Single(l => l.Id == group.Key);
                audit.Record(AuditItemTypes.PriceList, PriceEditor.Key(list.Id), list.Name, AuditAction.Imported, changes);
            }
        }

        await audit.SaveChangesAsync(cancellationToken);
        return rejected;
    }
}

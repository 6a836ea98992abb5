using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.Import;
using Portal.ProductManagement;

namespace Portal.Api;

public enum ItemOutcome
{
    Created,
    Updated,
    Unchanged,
    Rejected,
}

/// What one item of a call did: index is its position in the batch (0 for a single call), key its natural key
/// (SKU, "price list/SKU", customer number); errors per field for a rejected item.
public sealed record ItemResult(int Index, string Key, ItemOutcome Outcome, IDictionary<string, string[]>? Errors = null)
{
    public static ItemResult Reject(int index, string key, string field, string message) =>
        new(index, key, ItemOutcome.Rejected, new Dictionary<string, string[]> { [field] = [message] });
}

public sealed record BatchResult(int Created, int Updated, int Unchanged, int Rejected, IReadOnlyList<ItemResult> Results)
{
    public static BatchResult Of(IReadOnlyList<ItemResult> results) => new(
        results.Count(r => r.Outcome == ItemOutcome.Created),
        results.Count(r => r.Outcome == ItemOutcome.Updated),
        results.Count(r => r.Outcome == ItemOutcome.Unchanged),
        results.Count(r => r.Outcome == ItemOutcome.Rejected),
        results);
}

/// A product's pack size as the ERP sends it. Only what is given changes; a new SKU without product name, unit or
/// pack name gets the ERP import's defaults (see ProductImport, whose rules apply as they are).
public sealed record ProductInput(
    string? Sku, string? Product, string? ProductDe, string? Description, string? DescriptionDe, string? Category, string? Unit, decimal? TaxRate,
    string? Pack, string? PackDe, decimal? UnitsPerPack, bool? SmallPack, string? Gtin, decimal? WeightKg, decimal? CostPrice, int? LeadTimeDays, bool? Active);

public sealed record TierInput(int MinQuantity, decimal UnitPrice);

/// A pack size's complete tiers in one price list: they replace what the list had for it (none: no price there).
public sealed record PriceInput(string? PriceList, string? Sku, IReadOnlyList<TierInput>? Tiers);

public sealed record AddressInput(string? Kind, string? Name, string? Street, string? PostalCode, string? City, string? Country, bool? IsDefault);

/// A customer as the ERP sends it. Only what is given changes; addresses, when given, are the customer's complete set.
public sealed record CustomerInput(
    string? Number, string? Name, decimal? CreditLimit, bool? Blocked, decimal? Potential, string? VatId, string? Language, IReadOnlyList<AddressInput>? Addresses);

/// Packs in stock; restockDays: when out of stock, working days until it ships again.
public sealed record StockInput(string? Sku, int? Quantity, int? RestockDays);

/// Master data from the ERP (products, prices, customers, stock), idempotent: the same item again changes nothing
/// and answers Unchanged. Each item is checked on its own and answered on its own; every change is in the audit
/// trail under the API client's name.
public sealed class ErpMasterData(PortalDbContext db, AuditTrail audit, PriceEditor prices, TimeProvider time)
{
    public const int MaxBatch = 5000;

    /// Through the ERP import's own rules (ProductImport): a row here is a row of its file.
    public async Task<IReadOnlyList<ItemResult>> UpsertProductsAsync(IReadOnlyList<ProductInput> items, CancellationToken cancellationToken)
    {
        var records = items.Select((item, i) => new CsvRecord(i + 1, "", ProductValues(item), false)).ToList();
        var outcomes = new Dictionary<long, string>();
        var import = new ProductImport(db, audit, new FieldParser(CultureInfo.InvariantCulture), ProductImport.Origin.Erp) { RowApplied = (line, outcome) => outcomes[line] = outcome };
        var rejected = new List<Rejection>();
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await import.ImportAsync(records, new ImportSummary { Kind = ImportKind.Products }, rejected, cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
            db.ChangeTracker.Clear();
        }

        var reasons = rejected.ToDictionary(r => r.Line, r => r.Reason);
        return items.Select((item, i) =>
            reasons.TryGetValue(i + 1, out var reason) ? ItemResult.Reject(i, item.Sku ?? "", ProductField(reason), reason)
            : new ItemResult(i, item.Sku ?? "", Enum.Parse<ItemOutcome>(outcomes[i + 1]))).ToList();
    }

    public async Task<IReadOnlyList<ItemResult>> UpsertPricesAsync(IReadOnlyList<PriceInput> items, CancellationToken cancellationToken)
    {
        var lists = await db.PriceLists.AsNoTracking().Select(l => new { l.Id, l.Code }).ToListAsync(cancellationToken);
        var packs = await PacksBySkuAsync(items.Select(i => i.Sku), cancellationToken);
        var seen = new HashSet<(int, int)>();
        var results = new List<ItemResult>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var key = $"{item.PriceList}/{item.Sku}";
            var list = lists.FirstOrDefault(l => string.Equals(l.Code, item.PriceList, StringComparison.OrdinalIgnoreCase));
            if (list is null)
            {
                results.Add(ItemResult.Reject(i, key, "priceList", $"Unknown price list '{item.PriceList}'."));
                continue;
            }

            if (FindPack(packs, item.Sku) is not { } pack)
            {
                results.Add(ItemResult.Reject(i, key, "sku", $"Unknown SKU '{item.Sku}'."));
                continue;
            }

            if (item.Tiers is null)
            {
                results.Add(ItemResult.Reject(i, key, "tiers", "Give the pack's tiers in this list (minQuantity and unitPrice); an empty list removes its price."));
                continue;
            }

            if (!seen.Add((list.Id, pack.Id)))
            {
                results.Add(ItemResult.Reject(i, key, "sku", "The same price list and SKU appear earlier in this batch."));
                continue;
            }

            var existed = await db.PriceListEntries.AnyAsync(e => e.PriceListId == list.Id && e.PackSizeId == pack.Id, cancellationToken);
            var (error, changed) = await prices.ReplaceTiersAsync(list.Id, pack.Id, item.Tiers.Select(t => new PriceEditor.TierInput(t.MinQuantity, t.UnitPrice)).ToList(), cancellationToken);
            db.ChangeTracker.Clear();
            results.Add(error is not null ? ItemResult.Reject(i, key, "tiers", error)
                : new ItemResult(i, key, !changed ? ItemOutcome.Unchanged : existed ? ItemOutcome.Updated : ItemOutcome.Created));
        }

        return results;
    }

    public async Task<IReadOnlyList<ItemResult>> UpsertCustomersAsync(IReadOnlyList<CustomerInput> items, CancellationToken cancellationToken)
    {
        var numbers = items.Select(i => i.Number?.Trim()).OfType<string>().Distinct().ToList();
        var known = await db.Customers.AsNoTracking().Where(c => numbers.Contains(c.Number)).Select(c => c.Number).ToListAsync(cancellationToken);
        var existing = known.ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<ItemResult>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] with { Number = items[i].Number?.Trim() };
            var key = item.Number ?? "";
            var errors = CheckCustomer(item, existing.Contains(key));
            if (errors.Count == 0 && !seen.Add(key))
            {
                errors["number"] = ["The same customer number appears earlier in this batch."];
            }

            if (errors.Count > 0)
            {
                results.Add(new ItemResult(i, key, ItemOutcome.Rejected, errors));
                continue;
            }

            results.Add(new ItemResult(i, key, await ApplyCustomerAsync(item, cancellationToken)));
            existing.Add(key);
            db.ChangeTracker.Clear();
        }

        return results;
    }

    public async Task<IReadOnlyList<ItemResult>> SetStockAsync(IReadOnlyList<StockInput> items, CancellationToken cancellationToken)
    {
        var skus = items.Select(i => i.Sku?.ToUpperInvariant()).OfType<string>().Distinct().ToList();
        var packs = (await db.PackSizes.Include(s => s.Product).Where(s => skus.Contains(s.Sku.ToUpper())).ToListAsync(cancellationToken))
            .ToLookup(s => s.Sku, StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<int>();
        var results = new List<ItemResult>();
        var changedPacks = new List<Catalogs.PackSize>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var key = item.Sku ?? "";
            var pack = FindPack(packs, item.Sku);
            if (pack is null)
            {
                results.Add(ItemResult.Reject(i, key, "sku", $"Unknown SKU '{item.Sku}'."));
            }
            else if (item.Quantity is not >= 0)
            {
                results.Add(ItemResult.Reject(i, key, "quantity", "The packs in stock, 0 or more."));
            }
            else if (item.RestockDays is < 0 or > 365)
            {
                results.Add(ItemResult.Reject(i, key, "restockDays", "Working days until it ships again, 0 to 365."));
            }
            else if (!seen.Add(pack.Id))
            {
                results.Add(ItemResult.Reject(i, key, "sku", "The same SKU appears earlier in this batch."));
            }
            else
            {
                var first = pack.StockQuantity is null;
                var changed = pack.StockQuantity != item.Quantity || pack.RestockDays != item.RestockDays;
                pack.StockQuantity = item.Quantity;
                pack.RestockDays = item.RestockDays;
                if (changed)
                {
                    changedPacks.Add(pack);
                }

                results.Add(new ItemResult(i, key, !changed ? ItemOutcome.Unchanged : first ? ItemOutcome.Created : ItemOutcome.Updated));
            }
        }

        // Changes detected once for the batch, not once per pack (RecordChanges would scan every tracked pack each time).
        db.ChangeTracker.DetectChanges();
        foreach (var pack in changedPacks)
        {
            audit.RecordDetectedChanges(pack, AuditItemTypes.PackSize, $"{ProductEditor.AuditName(pack.Product!)} – {pack.Name}");
        }

        await audit.SaveChangesAsync(cancellationToken);
        return results;
    }

    private static Dictionary<string, string?> ProductValues(ProductInput item)
    {
        static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
        static string? Flag(bool? value) => value is { } v ? (v ? "1" : "0") : null;
        return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["sku"] = Text(item.Sku),
            ["product"] = Text(item.Product),
            ["product_de"] = Text(item.ProductDe),
            ["description"] = Text(item.Description),
            ["description_de"] = Text(item.DescriptionDe),
            ["category"] = Text(item.Category),
            ["unit"] = Text(item.Unit),
            ["tax"] = Number(item.TaxRate),
            ["pack"] = Text(item.Pack),
            ["pack_de"] = Text(item.PackDe),
            ["units"] = Number(item.UnitsPerPack),
            ["small"] = Flag(item.SmallPack),
            ["gtin"] = Text(item.Gtin),
            ["weight"] = Number(item.WeightKg),
            ["cost"] = Number(item.CostPrice),
            ["leadtime"] = item.LeadTimeDays?.ToString(CultureInfo.InvariantCulture),
            ["active"] = Flag(item.Active),
        };
    }

    // The import words its reasons with its column names; the API answers them under the JSON field's name.
    private static string ProductField(string reason) => reason.Split(' ', 2)[0] switch
    {
        "sku" or "SKU" => "sku",
        "product" => "product",
        "tax" => "taxRate",
        "units" => "unitsPerPack",
        "gtin" => "gtin",
        "weight" => "weightKg",
        "cost" => "costPrice",
        "leadtime" => "leadTimeDays",
        "category" or "Unknown" => "category",
        "unit" => "unit",
        "pack" => "pack",
        var other => other.TrimEnd(':').ToLowerInvariant(),
    };

    private async Task<ILookup<string, Catalogs.PackSize>> PacksBySkuAsync(IEnumerable<string?> skus, CancellationToken cancellationToken)
    {
        var wanted = skus.Select(s => s?.ToUpperInvariant()).OfType<string>().Distinct().ToList();
        return (await db.PackSizes.AsNoTracking().Where(s => wanted.Contains(s.Sku.ToUpper())).ToListAsync(cancellationToken)).ToLookup(s => s.Sku, StringComparer.OrdinalIgnoreCase);
    }

    private static Catalogs.PackSize? FindPack(ILookup<string, Catalogs.PackSize> packs, string? sku)
    {
        if (sku is null)
        {
            return null;
        }

        try
        {
            return Skus.Match(packs[sku], p => p.Sku, sku);
        }
        catch (RowRejectedException)
        {
            return null;
        }
    }

    private static Dictionary<string, string[]> CheckCustomer(CustomerInput item, bool known)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];
        if (string.IsNullOrEmpty(item.Number) || item.Number.Length > 32)
        {
            Add("number", "The customer number, 1 to 32 characters.");
        }

        if (item.Name is { } name ? string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200 : !known)
        {
            Add("name", "The company name, 1 to 200 characters (needed for a new customer).");
        }

        if (item.CreditLimit is < 0 or > 100_000_000)
        {
            Add("creditLimit", "Between 0 and 100,000,000.");
        }

        if (item.Potential is < 0 or > 10_000_000_000)
        {
            Add("potential", "Revenue potential per year, 0 or more.");
        }

        if (item.VatId is { Length: > 32 })
        {
            Add("vatId", "At most 32 characters.");
        }

        if (item.Language is not null and not ("en" or "de"))
        {
            Add("language", "en or de.");
        }

        for (var i = 0; i < (item.Addresses?.Count ?? 0); i++)
        {
            var address = item.Addresses![i];
            var prefix = $"addresses[{i}].";
            if (!Enum.TryParse<AddressKind>(address.Kind, ignoreCase: true, out _) || int.TryParse(address.Kind, out _))
            {
                Add(prefix + "kind", "billing or delivery.");
            }

            foreach (var (field, value, max) in new[] { ("name", address.Name, 200), ("street", address.Street, 200), ("postalCode", address.PostalCode, 16), ("city", address.City, 100) })
            {
                if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > max)
                {
                    Add(prefix + field, $"Required, at most {max} characters.");
                }
            }

            if (address.Country is not null && (address.Country.Length != 2 || !address.Country.All(char.IsAsciiLetter)))
            {
                Add(prefix + "country", "A two-letter country code (DE).");
            }
        }

        return errors;
    }

    private async Task<ItemOutcome> ApplyCustomerAsync(CustomerInput item, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.Include(c => c.Addresses).SingleOrDefaultAsync(c => c.Number == item.Number, cancellationToken);
        var created = customer is null;
        if (customer is null)
        {
            customer = new Customer { Number = item.Number!, Name = item.Name!.Trim(), CreatedAt = time.GetUtcNow() };
            db.Customers.Add(customer);
        }

        if (item.Name is { } name) { customer.Name = name.Trim(); }
        if (item.CreditLimit is { } limit) { customer.CreditLimit = Math.Round(limit, 2); }
        if (item.Blocked is { } blocked) { customer.IsBlocked = blocked; }
        if (item.Potential is { } potential) { customer.Potential = Math.Round(potential, 2); }
        if (item.VatId is { } vatId) { customer.VatId = vatId.Trim().Length == 0 ? null : vatId.Trim(); }
        if (item.Language is { } language) { customer.Language = language; }

        var addressChange = item.Addresses is { } addresses ? ReplaceAddresses(customer, addresses) : null;
        var entry = audit.RecordChanges(customer, AuditItemTypes.Customer, customer.Name, addressChange is null ? null : [addressChange]);
        if (!created && entry is null)
        {
            return ItemOutcome.Unchanged;
        }

        await audit.SaveChangesAsync(cancellationToken);
        return created ? ItemOutcome.Created : ItemOutcome.Updated;
    }

    /// The given addresses become the customer's: kept where the same address is there already (so a checkout form
    /// open on it stays good), added otherwise, removed when not given. Per kind, the one marked default is, else the first.
    private FieldChange? ReplaceAddresses(Customer customer, IReadOnlyList<AddressInput> addresses)
    {
        var before = Describe(customer.Addresses);
        var wanted = addresses.Select(a => new CustomerAddress
        {
            Kind = Enum.Parse<AddressKind>(a.Kind!, ignoreCase: true),
            Name = a.Name!.Trim(),
            Street = a.Street!.Trim(),
            PostalCode = a.PostalCode!.Trim(),
            City = a.City!.Trim(),
            Country = (a.Country ?? "DE").ToUpperInvariant(),
            IsDefault = a.IsDefault == true,
        }).ToList();
        foreach (var kind in wanted.GroupBy(a => a.Kind))
        {
            var preferred = kind.FirstOrDefault(a => a.IsDefault) ?? kind.First();
            foreach (var address in kind)
            {
                address.IsDefault = ReferenceEquals(address, preferred);
            }
        }

        var kept = new List<CustomerAddress>();
        foreach (var address in wanted)
        {
            var same = customer.Addresses.FirstOrDefault(a => !kept.Contains(a) && a.Kind == address.Kind && a.ToString() == address.ToString() && a.Country == address.Country);
            if (same is null)
            {
                customer.Addresses.Add(address);
                kept.Add(address);
            }
            else
            {
                same.IsDefault = address.IsDefault;
                kept.Add(same);
            }
        }

        foreach (var gone in customer.Addresses.Where(a => !kept.Contains(a)).ToList())
        {
            customer.Addresses.Remove(gone);
            db.CustomerAddresses.Remove(gone);
        }

        var after = Describe(customer.Addresses);
        return before == after ? null : new FieldChange("Addresses", before, after);
    }

    private static string Describe(IEnumerable<CustomerAddress> addresses) =>
        string.Join("; ", addresses.OrderBy(a => a.Kind).ThenByDescending(a => a.IsDefault).ThenBy(a => a.ToString(), StringComparer.Ordinal)
            .Select(a => $"{a.Kind}{(a.IsDefault ? "*" : "")}: {a}, {a.Country}"));
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Data;
using Portal.Pricing;

namespace Portal.Ordering;

/// The buyer's cart: adding, changing and removing lines with every input checked on its own, and the cart as the
/// buyer sees it, priced now, with what changed since and what can no longer be ordered.
public sealed class CartService(PortalDbContext db, CatalogAccess catalog, PriceBook prices, TimeProvider time)
{
    public const int MaxQuantity = 9_999;

    public sealed record Change(bool Succeeded, string? Error, int? LineId = null)
    {
        public static Change Ok(int? lineId = null) => new(true, null, lineId);

        public static Change Refused(string error, int? lineId = null) => new(false, error, lineId);
    }

    /// Parses what a buyer typed into a quantity box. Messages are the English keys of their translations.
    public static bool TryParseQuantity(string? text, out int quantity, out string? error)
    {
        quantity = 0;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "Please enter a quantity.";
            return false;
        }

        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            error = "Please enter a whole number of packs.";
            return false;
        }

        if (value < 1)
        {
            error = "The quantity must be at least 1.";
            return false;
        }

        if (value > MaxQuantity)
        {
            error = "At most 9,999 packs per line; for larger quantities please contact us.";
            return false;
        }

        quantity = (int)value;
        return true;
    }

    /// The header's cart count on every page: one query.
    public Task<int> CountLinesAsync(string userId, CancellationToken cancellationToken) =>
        CartLineCount.Of(db, userId, cancellationToken);

    public async Task<Change> AddAsync(string userId, int customerId, int packSizeId, string? quantityText, OrderChannel source, CancellationToken cancellationToken)
    {
        if (!TryParseQuantity(quantityText, out var quantity, out var error))
        {
            return Change.Refused(error!);
        }

        if (!await catalog.IsVisibleAsync(customerId, packSizeId, cancellationToken))
        {
            return Change.Refused("This pack size is not available to you.");
        }

        var cart = await LoadOrCreateAsync(userId, customerId, cancellationToken);
        var line = cart.Lines.SingleOrDefault(l => l.PackSizeId == packSizeId);
        var newQuantity = (line?.Quantity ?? 0) + quantity;
        if (newQuantity > MaxQuantity)
        {
            return Change.Refused("At most 9,999 packs per line; for larger quantities please contact us.", line?.Id);
        }

        var tiers = await prices.TiersForAsync(customerId, [packSizeId], cancellationToken);
        var unitPrice = PriceCalculator.UnitPriceFor(tiers.GetValueOrDefault(packSizeId) ?? [], newQuantity);
        if (unitPrice is null)
        {
            return Change.Refused("This pack size has no price for you yet; please contact us.");
        }

        if (line is null)
        {
            line = new CartLine { PackSizeId = packSizeId, Quantity = newQuantity, PriceSeen = unitPrice.Value, AddedAt = time.GetUtcNow(), Source = source };
            cart.Lines.Add(line);
        }
        else
        {
            line.Quantity = newQuantity;
            line.PriceSeen = unitPrice.Value;
            line.Source = source;
        }

        cart.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return Change.Ok(line.Id);
    }

    public sealed record BulkLine(int PackSizeId, int Quantity);

    /// Adds many lines at once (reorder lists, buy again, quick order, CSV) with the same rules as AddAsync, but
    /// with one query per rule for all lines instead of several per line: a 5,000-line upload stays a handful of
    /// queries. Lines for the same pack size are merged first. Answers the refused pack sizes with their reason.
    public async Task<IReadOnlyDictionary<int, string>> AddManyAsync(string userId, int customerId, IEnumerable<BulkLine> lines, OrderChannel source, CancellationToken cancellationToken)
    {
        var wanted = lines.GroupBy(l => l.PackSizeId).ToDictionary(g => g.Key, g => g.Sum(l => (long)l.Quantity));
        var refused = new Dictionary<int, string>();
        if (wanted.Count == 0)
        {
            return refused;
        }

        var ids = wanted.Keys.ToList();
        var visible = (await catalog.VisiblePackSizes(customerId).Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();
        var tiers = await prices.TiersForAsync(customerId, ids, cancellationToken);
        var cart = await LoadOrCreateAsync(userId, customerId, cancellationToken);
        var existing = cart.Lines.ToDictionary(l => l.PackSizeId);
        var now = time.GetUtcNow();
        foreach (var (packSizeId, quantity) in wanted)
        {
            if (!visible.Contains(packSizeId))
            {
                refused[packSizeId] = "This pack size is not available to you.";
                continue;
            }

            var line = existing.GetValueOrDefault(packSizeId);
            var newQuantity = (line?.Quantity ?? 0) + quantity;
            if (quantity < 1 || newQuantity > MaxQuantity)
            {
                refused[packSizeId] = "At most 9,999 packs per line; for larger quantities please contact us.";
                continue;
            }

            var unitPrice = PriceCalculator.UnitPriceFor(tiers.GetValueOrDefault(packSizeId) ?? [], (int)newQuantity);
            if (unitPrice is null)
            {
                refused[packSizeId] = "This pack size has no price for you yet; please contact us.";
                continue;
            }

            if (line is null)
            {
                cart.Lines.Add(new CartLine { PackSizeId = packSizeId, Quantity = (int)newQuantity, PriceSeen = unitPrice.Value, AddedAt = now, Source = source });
            }
            else
            {
                line.Quantity = (int)newQuantity;
                line.PriceSeen = unitPrice.Value;
                line.Source = source;
            }
        }

        cart.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return refused;
    }

    public async Task<Change> SetQuantityAsync(string userId, int customerId, int lineId, string? quantityText, CancellationToken cancellationToken)
    {
        var line = await OwnLineAsync(userId, lineId, cancellationToken);
        if (line is null)
        {
            return Change.Refused("This line is no longer in your cart.", lineId);
        }

        if (!TryParseQuantity(quantityText, out var quantity, out var error))
        {
            return Change.Refused(error!, lineId);
        }

        if (!await catalog.IsVisibleAsync(customerId, line.PackSizeId, cancellationToken))
        {
            return Change.Refused("This pack size is no longer available. Please remove it.", lineId);
        }

        var tiers = await prices.TiersForAsync(customerId, [line.PackSizeId], cancellationToken);
        line.Quantity = quantity;
        line.PriceSeen = PriceCalculator.UnitPriceFor(tiers.GetValueOrDefault(line.PackSizeId) ?? [], quantity) ?? line.PriceSeen;
        await TouchAsync(line.CartId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Change.Ok(lineId);
    }

    public async Task<Change> RemoveAsync(string userId, int lineId, CancellationToken cancellationToken)
    {
        var line = await OwnLineAsync(userId, lineId, cancellationToken);
        if (line is not null)
        {
            db.CartLines.Remove(line);
            await TouchAsync(line.CartId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Change.Ok();
    }

    /// The buyer has seen the new prices: they become the prices the cart was built with.
    public async Task AcceptPricesAsync(string userId, int customerId, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(userId, customerId, cancellationToken);
        var lines = await db.CartLines.Where(l => db.Carts.Any(c => c.Id == l.CartId && c.UserId == userId)).ToListAsync(cancellationToken);
        foreach (var line in lines)
        {
            if (view.Lines.SingleOrDefault(v => v.LineId == line.Id) is { UnitPrice: { } price })
            {
                line.PriceSeen = price;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public sealed record LineView(
        int LineId,
        int PackSizeId,
        int ProductId,
        string Sku,
        string ProductName,
        string PackName,
        string BaseUnit,
        decimal UnitsPerPack,
        int Quantity,
        decimal? UnitPrice,
        decimal PriceSeen,
        decimal TaxRate,
        int LeadTimeDays,
        bool IsAvailable,
        OrderChannel Source = OrderChannel.Shop,
        string? PartnerName = null,
        int? PartnerLeadTimeDays = null)
    {
        public decimal LineNet => UnitPrice is { } price ? Localization.Money.Round(Quantity * price) : 0;
        public bool PriceChanged => IsAvailable && UnitPrice is { } price && price != PriceSeen;
    }

    public sealed record BundleItemView(int PackSizeId, string Sku, string ProductName, string PackName, int Quantity);

    /// A bundle in the cart, priced for the customer's segment now; UnitPrice null when the segment may no longer
    /// book it.
    public sealed record BundleView(int CartBundleId, int ModuleId, string Code, string Name, int Quantity, decimal? UnitPrice, decimal TaxRate, IReadOnlyList<BundleItemView> Items, bool ItemsAvailable)
    {
        public bool IsAvailable => ItemsAvailable && UnitPrice is not null && Items.Count > 0;
        public decimal LineNet => UnitPrice is { } price ? Localization.Money.Round(Quantity * price) : 0;
    }

    public sealed record CartView(IReadOnlyList<LineView> Lines)
    {
        public IReadOnlyList<BundleView> Bundles { get; init; } = [];
        public bool IsEmpty => Lines.Count == 0 && Bundles.Count == 0;
        public int Count => Lines.Count + Bundles.Count;
        public IEnumerable<LineView> Orderable => Lines.Where(l => l.IsAvailable && l.UnitPrice is not null);
        public IEnumerable<BundleView> OrderableBundles => Bundles.Where(b => b.IsAvailable);
        public bool HasUnavailable => Lines.Any(l => !l.IsAvailable || l.UnitPrice is null) || Bundles.Any(b => !b.IsAvailable);
        public bool HasPriceChanges => Lines.Any(l => l.PriceChanged);

        /// The prices as a page showed them: a form carries it back, so that placing the order can tell whether
        /// the buyer saw today's prices.
        public string PricesShown => string.Join(";", Lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.LineId}:{l.Quantity}:{l.UnitPrice}")));

        /// Lines a partner ships directly, grouped by partner (the drop-ship fee is charged per partner).
        public IReadOnlyList<string> DropShipPartners => Orderable.Where(l => l.PartnerName is not null).Select(l => l.PartnerName!).Distinct().Order(StringComparer.Ordinal).ToList();

        public IReadOnlyList<QuoteLine> QuoteLines => Orderable.Select(l => new QuoteLine(l.PackSizeId, l.Quantity, l.UnitPrice!.Value, l.TaxRate))
            .Concat(OrderableBundles.Select(b => new QuoteLine(0, b.Quantity, b.UnitPrice!.Value, b.TaxRate)))
            .ToList();
    }

    /// The cart with today's prices, its names in the reader's language.
    public async Task<CartView> ViewAsync(string userId, int customerId, CancellationToken cancellationToken)
    {
        var visible = catalog.VisiblePackSizes(customerId).Select(s => s.Id);
        var lines = await db.CartLines.AsNoTracking()
            .Where(l => db.Carts.Any(c => c.Id == l.CartId && c.UserId == userId))
            .OrderBy(l => l.AddedAt).ThenBy(l => l.Id)
            .Select(l => new
            {
                l.Id,
                l.PackSizeId,
                l.PackSize!.ProductId,
                l.PackSize.Sku,
                Product = l.PackSize.Product!.Name,
                ProductDe = l.PackSize.Product.NameDe,
                Pack = l.PackSize.Name,
                PackDe = l.PackSize.NameDe,
                l.PackSize.Product.BaseUnit,
                l.PackSize.UnitsPerPack,
                l.Quantity,
                l.PriceSeen,
                l.PackSize.Product.TaxRate,
                l.PackSize.LeadTimeDays,
                Visible = visible.Contains(l.PackSizeId),
                l.Source,
                Partner = db.PartnerProducts.Where(p => p.ProductId == l.PackSize.ProductId && p.Partner!.IsActive)
                    .Select(p => new { p.Partner!.Name, p.LeadTimeDays }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var tiers = await prices.TiersForAsync(customerId, lines.Select(l => l.PackSizeId), cancellationToken);
        return new CartView(lines.Select(l => new LineView(
            l.Id, l.PackSizeId, l.ProductId, l.Sku, ContentLanguage.Pick(l.Product, l.ProductDe), ContentLanguage.Pick(l.Pack, l.PackDe), l.BaseUnit, l.UnitsPerPack, l.Quantity,
            PriceCalculator.UnitPriceFor(tiers.GetValueOrDefault(l.PackSizeId) ?? [], l.Quantity),
            l.PriceSeen, l.TaxRate, l.LeadTimeDays, l.Visible, l.Source, l.Partner?.Name, l.Partner?.LeadTimeDays)).ToList())
        {
            Bundles = await BundlesAsync(userId, customerId, cancellationToken),
        };
    }

    /// Lines given by pack size and quantity (an order from the customer's own system) priced for the customer now,
    /// as a cart without a cart: the seen price is today's, so placing them never stops for changed prices. A pack
    /// outside the customer's catalogs or without a price is there, unavailable, and placing refuses it.
    public async Task<CartView> PriceLinesAsync(int customerId, IReadOnlyList<(int PackSizeId, int Quantity)> wanted, OrderChannel source, CancellationToken cancellationToken)
    {
        var ids = wanted.Select(w => w.PackSizeId).Distinct().ToList();
        var visible = catalog.VisiblePackSizes(customerId).Select(s => s.Id);
        var packs = await db.PackSizes.AsNoTracking()
            .Where(s => ids.Contains(s.Id))
            .Select(s => new
            {
                s.Id,
                s.ProductId,
                s.Sku,
                Product = s.Product!.Name,
                ProductDe = s.Product.NameDe,
                Pack = s.Name,
                PackDe = s.NameDe,
                s.Product.BaseUnit,
                s.UnitsPerPack,
                s.Product.TaxRate,
                s.LeadTimeDays,
                Visible = visible.Contains(s.Id),
                Partner = db.PartnerProducts.Where(p => p.ProductId == s.ProductId && p.Partner!.IsActive).Select(p => new { p.Partner!.Name, p.LeadTimeDays }).FirstOrDefault(),
            })
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        var tiers = await prices.TiersForAsync(customerId, ids, cancellationToken);
        return new CartView(wanted.Select((w, i) => (Line: w, Index: i)).Where(w => packs.ContainsKey(w.Line.PackSizeId)).Select(w =>
        {
            var pack = packs[w.Line.PackSizeId];
            var price = PriceCalculator.UnitPriceFor(tiers.GetValueOrDefault(pack.Id) ?? [], w.Line.Quantity);
            return new LineView(
                -(w.Index + 1), pack.Id, pack.ProductId, pack.Sku, ContentLanguage.Pick(pack.Product, pack.ProductDe), ContentLanguage.Pick(pack.Pack, pack.PackDe), pack.BaseUnit, pack.UnitsPerPack,
                w.Line.Quantity, price, price ?? 0, pack.TaxRate, pack.LeadTimeDays, pack.Visible, source, pack.Partner?.Name, pack.Partner?.LeadTimeDays);
        }).ToList());
    }

    private async Task<IReadOnlyList<BundleView>> BundlesAsync(string userId, int customerId, CancellationToken cancellationToken)
    {
        var segment = await db.Customers.Where(c => c.Id == customerId).Select(c => c.Segment).SingleAsync(cancellationToken);
        var bundles = await db.CartBundles.AsNoTracking()
            .Where(b => db.Carts.Any(c => c.Id == b.CartId && c.UserId == userId))
            .OrderBy(b => b.AddedAt).ThenBy(b => b.Id)
            .Select(b => new
            {
                b.Id,
                b.ServiceModuleId,
                b.ServiceModule!.Code,
                b.ServiceModule.Name,
                b.ServiceModule.NameDe,
                b.ServiceModule.IsActive,
                b.Quantity,
                Price = b.ServiceModule.Prices.Where(p => p.Segment == segment).Select(p => (decimal?)p.NetPrice).FirstOrDefault(),
                Items = b.ServiceModule.BundleItems.OrderBy(i => i.Id).Select(i => new
                {
                    i.PackSizeId,
                    i.PackSize!.Sku,
                    Product = i.PackSize.Product!.Name,
                    ProductDe = i.PackSize.Product.NameDe,
                    Pack = i.PackSize.Name,
                    PackDe = i.PackSize.NameDe,
                    i.Quantity,
                    i.PackSize.Product.TaxRate,
                    Active = i.PackSize.IsActive && i.PackSize.Product.IsActive,
                }).ToList(),
            })
            .ToListAsync(cancellationToken);
        return bundles.Select(b => new BundleView(
            b.Id, b.ServiceModuleId, b.Code, ContentLanguage.Pick(b.Name, b.NameDe), b.Quantity, b.IsActive ? b.Price : null,
            b.Items.Count == 0 ? OrderRules.StandardVatRate : b.Items.Max(i => i.TaxRate),
            b.Items.Select(i => new BundleItemView(i.PackSizeId, i.Sku, ContentLanguage.Pick(i.Product, i.ProductDe), ContentLanguage.Pick(i.Pack, i.PackDe), i.Quantity)).ToList(),
            b.Items.All(i => i.Active))).ToList();
    }

    /// Puts a bundle into the cart, if the customer's segment may book it (else it is refused like an unknown one).
    public async Task<Change> AddBundleAsync(string userId, int customerId, int moduleId, string? quantityText, CancellationToken cancellationToken)
    {
        if (!TryParseQuantity(quantityText, out var quantity, out var error))
        {
            return Change.Refused(error!);
        }

        var segment = await db.Customers.Where(c => c.Id == customerId).Select(c => c.Segment).SingleAsync(cancellationToken);
        var offered = await db.ServiceModules.AnyAsync(
            m => m.Id == moduleId && m.Kind == ServiceModules.ModuleKind.Bundle && m.IsActive && m.Prices.Any(p => p.Segment == segment) && m.BundleItems.Any(),
            cancellationToken);
        if (!offered)
        {
            return Change.Refused("This bundle is not available to you.");
        }

        var cart = await LoadOrCreateAsync(userId, customerId, cancellationToken);
        var bundle = await db.CartBundles.SingleOrDefaultAsync(b => b.CartId == cart.Id && b.ServiceModuleId == moduleId, cancellationToken);
        var newQuantity = (bundle?.Quantity ?? 0) + quantity;
        if (newQuantity > MaxQuantity)
        {
            return Change.Refused("At most 9,999 packs per line; for larger quantities please contact us.");
        }

        if (bundle is null)
        {
            cart.Bundles.Add(new CartBundle { ServiceModuleId = moduleId, Quantity = newQuantity, AddedAt = time.GetUtcNow() });
        }
        else
        {
            bundle.Quantity = newQuantity;
        }

        cart.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return Change.Ok();
    }

    public async Task RemoveBundleAsync(string userId, int cartBundleId, CancellationToken cancellationToken) =>
        await db.CartBundles.Where(b => b.Id == cartBundleId && db.Carts.Any(c => c.Id == b.CartId && c.UserId == userId)).ExecuteDeleteAsync(cancellationToken);

    private async Task<Cart> LoadOrCreateAsync(string userId, int customerId, CancellationToken cancellationToken)
    {
        var cart = await db.Carts.Include(c => c.Lines).SingleOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        if (cart is null)
        {
            cart = new Cart { UserId = userId, CustomerId = customerId, UpdatedAt = time.GetUtcNow() };
            db.Carts.Add(cart);
        }

        return cart;
    }

    private Task<CartLine?> OwnLineAsync(string userId, int lineId, CancellationToken cancellationToken) =>
        db.CartLines.SingleOrDefaultAsync(l => l.Id == lineId && db.Carts.Any(c => c.Id == l.CartId && c.UserId == userId), cancellationToken);

    private async Task TouchAsync(int cartId, CancellationToken cancellationToken)
    {
        var cart = await db.Carts.FindAsync([cartId], cancellationToken);
        cart!.UpdatedAt = time.GetUtcNow();
    }
}

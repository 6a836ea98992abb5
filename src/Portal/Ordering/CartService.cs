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

    public async Task<int> CountLinesAsync(string userId, CancellationToken cancellationToken) =>
        await db.CartLines.CountAsync(l => db.Carts.Any(c => c.Id == l.CartId && c.UserId == userId), cancellationToken);

    public async Task<Change> AddAsync(string userId, int customerId, int packSizeId, string? quantityText, CancellationToken cancellationToken)
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
            line = new CartLine { PackSizeId = packSizeId, Quantity = newQuantity, PriceSeen = unitPrice.Value, AddedAt = time.GetUtcNow() };
            cart.Lines.Add(line);
        }
        else
        {
            line.Quantity = newQuantity;
            line.PriceSeen = unitPrice.Value;
        }

        cart.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return Change.Ok(line.Id);
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
        bool IsAvailable)
    {
        public decimal LineNet => UnitPrice is { } price ? Localization.Money.Round(Quantity * price) : 0;
        public bool PriceChanged => IsAvailable && UnitPrice is { } price && price != PriceSeen;
    }

    public sealed record CartView(IReadOnlyList<LineView> Lines)
    {
        public IEnumerable<LineView> Orderable => Lines.Where(l => l.IsAvailable && l.UnitPrice is not null);
        public bool HasUnavailable => Lines.Any(l => !l.IsAvailable || l.UnitPrice is null);
        public bool HasPriceChanges => Lines.Any(l => l.PriceChanged);
        public IReadOnlyList<QuoteLine> QuoteLines => Orderable.Select(l => new QuoteLine(l.PackSizeId, l.Quantity, l.UnitPrice!.Value, l.TaxRate)).ToList();
    }

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
                Pack = l.PackSize.Name,
                l.PackSize.Product.BaseUnit,
                l.PackSize.UnitsPerPack,
                l.Quantity,
                l.PriceSeen,
                l.PackSize.Product.TaxRate,
                l.PackSize.LeadTimeDays,
                Visible = visible.Contains(l.PackSizeId),
            })
            .ToListAsync(cancellationToken);
        var tiers = await prices.TiersForAsync(customerId, lines.Select(l => l.PackSizeId), cancellationToken);
        return new CartView(lines.Select(l => new LineView(
            l.Id, l.PackSizeId, l.ProductId, l.Sku, l.Product, l.Pack, l.BaseUnit, l.UnitsPerPack, l.Quantity,
            PriceCalculator.UnitPriceFor(tiers.GetValueOrDefault(l.PackSizeId) ?? [], l.Quantity),
            l.PriceSeen, l.TaxRate, l.LeadTimeDays, l.Visible)).ToList());
    }

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

using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Data;
using Portal.Ordering;

namespace Portal.Reordering;

/// Reorder lists of a company and everything that puts past purchases back into the cart (a list, an old order,
/// the frequently ordered items). Lists are always looked up through the signed-in user's company and, for
/// private lists, the user: another company's list id is simply not found. Messages are translation keys.
public sealed class ReorderLists(PortalDbContext db, CartService carts, TimeProvider time)
{
    public const int MaxNameLength = 100;
    public const int MaxLinesPerList = 500;

    public sealed record Skipped(string Sku, string Description, string Reason);

    public sealed record CartFill(int Added, IReadOnlyList<Skipped> Skipped);

    public sealed record Created(int? ListId, string? Error);

    public IQueryable<ReorderList> Visible(string userId, int customerId) =>
        db.ReorderLists.Where(l => l.CustomerId == customerId && (!l.IsPrivate || l.OwnerUserId == userId));

    public sealed record Choice(int Id, string Name);

    // Whenever a buyer opens a product page's picker; compiled so that EF does not translate it again each time.
    private static readonly CompiledPerModel<Func<PortalDbContext, string, int, IAsyncEnumerable<Choice>>> ChoicesQuery = new(() => EF.CompileAsyncQuery(
        (PortalDbContext db, string userId, int customerId) => db.ReorderLists
            .Where(l => l.CustomerId == customerId && (!l.IsPrivate || l.OwnerUserId == userId))
            .OrderByDescending(l => l.UpdatedAt).ThenByDescending(l => l.Id)
            .Take(50)
            .Select(l => new Choice(l.Id, l.Name))));

    /// The lists a buyer can add an article to, most recently changed first (the product page's picker).
    public async Task<IReadOnlyList<Choice>> ChoicesAsync(string userId, int customerId, CancellationToken cancellationToken)
    {
        var choices = new List<Choice>();
        await foreach (var choice in ChoicesQuery.For(db)(db, userId, customerId).WithCancellation(cancellationToken))
        {
            choices.Add(choice);
        }

        return choices;
    }

    public static string? ValidateName(string? name, out string cleaned)
    {
        cleaned = (name ?? "").Trim();
        if (cleaned.Length == 0)
        {
            return "Please give the list a name.";
        }

        return cleaned.Length > MaxNameLength ? "The name can be at most 100 characters long." : null;
    }

    public async Task<Created> CreateAsync(string userId, int customerId, string? name, bool isPrivate, IEnumerable<(int PackSizeId, int Quantity)> lines, CancellationToken cancellationToken)
    {
        if (ValidateName(name, out var cleaned) is { } error)
        {
            return new Created(null, error);
        }

        var now = time.GetUtcNow();
        var list = new ReorderList { CustomerId = customerId, OwnerUserId = userId, Name = cleaned, IsPrivate = isPrivate, CreatedAt = now, UpdatedAt = now };
        // Merged by pack size in the order they first appear; a list holds each pack size once.
        foreach (var group in lines.Where(l => l.Quantity > 0).GroupBy(l => l.PackSizeId).Take(MaxLinesPerList))
        {
            list.Lines.Add(new ReorderListLine
            {
                PackSizeId = group.Key,
                Quantity = (int)Math.Min(CartService.MaxQuantity, group.Sum(l => (long)l.Quantity)),
                Position = list.Lines.Count + 1,
            });
        }

        db.ReorderLists.Add(list);
        await db.SaveChangesAsync(cancellationToken);
        return new Created(list.Id, null);
    }

    /// A past order of the company as a new list; null when the order is not the company's.
    public async Task<Created?> CreateFromOrderAsync(string userId, int customerId, string orderNumber, string? name, bool isPrivate, CancellationToken cancellationToken)
    {
        var lines = await OrderLinesAsync(customerId, orderNumber, cancellationToken);
        return lines is null ? null : await CreateAsync(userId, customerId, name, isPrivate, lines, cancellationToken);
    }

    public async Task<Created> CreateFromCartAsync(string userId, int customerId, string? name, bool isPrivate, CancellationToken cancellationToken)
    {
        var lines = await db.CartLines.AsNoTracking()
            .Where(l => db.Carts.Any(c => c.Id == l.CartId && c.UserId == userId && c.CustomerId == customerId))
            .OrderBy(l => l.AddedAt).ThenBy(l => l.Id)
            .Select(l => new { l.PackSizeId, l.Quantity })
            .ToListAsync(cancellationToken);
        if (lines.Count == 0)
        {
            return new Created(null, "Your cart is empty.");
        }

        return await CreateAsync(userId, customerId, name, isPrivate, lines.Select(l => (l.PackSizeId, l.Quantity)), cancellationToken);
    }

    /// Adds a pack size from the product page to a list, or raises its quantity when it is already on it.
    public async Task<string?> AddLineAsync(string userId, int customerId, int listId, int packSizeId, string? quantityText, CancellationToken cancellationToken)
    {
        if (!CartService.TryParseQuantity(quantityText, out var quantity, out var error))
        {
            return error;
        }

        var list = await Visible(userId, customerId).Include(l => l.Lines).SingleOrDefaultAsync(l => l.Id == listId, cancellationToken);
        if (list is null)
        {
            return "This reorder list no longer exists.";
        }

        var visible = new CatalogAccess(db).VisiblePackSizes(customerId);
        if (!await visible.AnyAsync(s => s.Id == packSizeId, cancellationToken))
        {
            return "This pack size is not available to you.";
        }

        var line = list.Lines.SingleOrDefault(l => l.PackSizeId == packSizeId);
        if (line is null)
        {
            if (list.Lines.Count >= MaxLinesPerList)
            {
                return "A reorder list holds at most 500 lines.";
            }

            list.Lines.Add(new ReorderListLine { PackSizeId = packSizeId, Quantity = quantity, Position = list.Lines.Count == 0 ? 1 : list.Lines.Max(l => l.Position) + 1 });
        }
        else
        {
            line.Quantity = Math.Min(CartService.MaxQuantity, line.Quantity + quantity);
        }

        list.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<string?> SetQuantityAsync(string userId, int customerId, int listId, int lineId, string? quantityText, CancellationToken cancellationToken)
    {
        var line = await OwnLineAsync(userId, customerId, listId, lineId, cancellationToken);
        if (line is null)
        {
            return "This line is no longer on the list.";
        }

        if (!CartService.TryParseQuantity(quantityText, out var quantity, out var error))
        {
            return error;
        }

        line.Quantity = quantity;
        await TouchAsync(listId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// Swaps the line with its neighbour above (up) or below; positions are renumbered 1..n on the way.
    public async Task MoveAsync(string userId, int customerId, int listId, int lineId, bool up, CancellationToken cancellationToken)
    {
        var list = await Visible(userId, customerId).Include(l => l.Lines).SingleOrDefaultAsync(l => l.Id == listId, cancellationToken);
        if (list is null)
        {
            return;
        }

        var ordered = list.Lines.OrderBy(l => l.Position).ThenBy(l => l.Id).ToList();
        var index = ordered.FindIndex(l => l.Id == lineId);
        var other = up ? index - 1 : index + 1;
        if (index < 0 || other < 0 || other >= ordered.Count)
        {
            return;
        }

        (ordered[index], ordered[other]) = (ordered[other], ordered[index]);
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Position = i + 1;
        }

        list.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RemoveLineAsync(string userId, int customerId, int listId, int lineId, CancellationToken cancellationToken)
    {
        var line = await OwnLineAsync(userId, customerId, listId, lineId, cancellationToken);
        if (line is not null)
        {
            db.ReorderListLines.Remove(line);
            await TouchAsync(listId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// The buyer's own choice whether ReorderReminders may mail them when a list is due again.
    public async Task SetRemindersAsync(string userId, bool enabled, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.ReorderRemindersEnabled, enabled), cancellationToken);

    public async Task<bool> DeleteAsync(string userId, int customerId, int listId, CancellationToken cancellationToken) =>
        await Visible(userId, customerId).Where(l => l.Id == listId).ExecuteDeleteAsync(cancellationToken) > 0;

    /// Every line of the list into the cart at today's prices; null when the list is not the user's to see.
    public async Task<CartFill?> AddAllToCartAsync(string userId, int customerId, int listId, CancellationToken cancellationToken)
    {
        if (!await Visible(userId, customerId).AnyAsync(l => l.Id == listId, cancellationToken))
        {
            return null;
        }

        var lines = await db.ReorderListLines.AsNoTracking()
            .Where(l => l.ReorderListId == listId)
            .OrderBy(l => l.Position).ThenBy(l => l.Id)
            .Select(l => new { l.PackSizeId, l.Quantity })
            .ToListAsync(cancellationToken);
        return await FillCartAsync(userId, customerId, lines.Select(l => (l.PackSizeId, l.Quantity)).ToList(), cancellationToken);
    }

    /// "Buy again": the lines of a past order into the cart at today's prices; null when the order is not the company's.
    public async Task<CartFill?> BuyAgainAsync(string userId, int customerId, string orderNumber, CancellationToken cancellationToken)
    {
        var lines = await OrderLinesAsync(customerId, orderNumber, cancellationToken);
        return lines is null ? null : await FillCartAsync(userId, customerId, lines, cancellationToken);
    }

    /// Puts the lines into the cart as one reorder and names every line left out with its reason: discontinued
    /// (the pack size or product is no longer sold), no longer in the customer's catalog, or a cart rule.
    public async Task<CartFill> FillCartAsync(string userId, int customerId, IReadOnlyList<(int PackSizeId, int Quantity)> lines, CancellationToken cancellationToken)
    {
        var ids = lines.Select(l => l.PackSizeId).Distinct().ToList();
        var packs = await db.PackSizes.AsNoTracking()
            .Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, s.Sku, Description = ContentLanguage.Pick(s.Product!.Name, s.Product.NameDe) + " – " + ContentLanguage.Pick(s.Name, s.NameDe), Discontinued = !s.IsActive || !s.Product.IsActive })
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        var skipped = new List<Skipped>();
        var toAdd = new List<CartService.BulkLine>();
        foreach (var (packSizeId, quantity) in lines)
        {
            var pack = packs[packSizeId];
            if (pack.Discontinued)
            {
                skipped.Add(new Skipped(pack.Sku, pack.Description, "Discontinued"));
            }
            else
            {
                toAdd.Add(new CartService.BulkLine(packSizeId, quantity));
            }
        }

        var refused = await carts.AddManyAsync(userId, customerId, toAdd, OrderChannel.ReorderList, cancellationToken);
        foreach (var (packSizeId, reason) in refused)
        {
            var pack = packs[packSizeId];
            skipped.Add(new Skipped(pack.Sku, pack.Description, reason == "This pack size is not available to you." ? "No longer in your catalog" : reason));
        }

        var added = toAdd.Select(l => l.PackSizeId).Distinct().Count(id => !refused.ContainsKey(id));
        return new CartFill(added, skipped);
    }

    public sealed record FrequentItem(int PackSizeId, int ProductId, string Sku, string Description, int Orders, int TypicalQuantity, DateTimeOffset LastOrderedAt, bool IsAvailable);

    /// What the company ordered most often in the last year (at least twice), with the quantity it usually takes.
    public async Task<IReadOnlyList<FrequentItem>> FrequentlyOrderedAsync(int customerId, int take, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddYears(-1);
        var visible = new CatalogAccess(db).VisiblePackSizes(customerId).Select(s => s.Id);
        var rows = await db.OrderLines.AsNoTracking()
            .Where(l => l.PackSizeId != null && l.Quantity > 0)
            .Join(db.Orders.Where(o => o.CustomerId == customerId && o.Status != OrderStatus.Cancelled), l => l.OrderId, o => o.Id, (l, o) => new { PackSizeId = l.PackSizeId!.Value, l.Quantity, o.Id, o.PlacedAt })
            .Where(x => x.PlacedAt >= since)
            .GroupBy(x => x.PackSizeId)
            .Select(g => new { PackSizeId = g.Key, Orders = g.Select(x => x.Id).Distinct().Count(), Quantity = g.Sum(x => x.Quantity), Lines = g.Count() })
            .Where(g => g.Orders >= 2)
            .OrderByDescending(g => g.Orders).ThenBy(g => g.PackSizeId)
            .Take(take)
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.PackSizeId).ToList();
        var packs = await db.PackSizes.AsNoTracking()
            .Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, s.ProductId, s.Sku, Description = ContentLanguage.Pick(s.Product!.Name, s.Product.NameDe) + " – " + ContentLanguage.Pick(s.Name, s.NameDe), Available = visible.Contains(s.Id) })
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        // The last order dates are read apart from the grouping: a MAX over SQLite's ticks-converted dates is not
        // something to rely on in both providers, and these are at most `take` pack sizes over one year.
        var dates = await db.OrderLines.AsNoTracking()
            .Where(l => l.PackSizeId != null && ids.Contains(l.PackSizeId.Value))
            .Join(db.Orders.Where(o => o.CustomerId == customerId && o.Status != OrderStatus.Cancelled && o.PlacedAt >= since), l => l.OrderId, o => o.Id, (l, o) => new { PackSizeId = l.PackSizeId!.Value, o.PlacedAt })
            .ToListAsync(cancellationToken);
        var last = dates.GroupBy(d => d.PackSizeId).ToDictionary(g => g.Key, g => g.Max(d => d.PlacedAt));
        return rows.Where(r => packs.ContainsKey(r.PackSizeId)).Select(r =>
        {
            var pack = packs[r.PackSizeId];
            var typical = (int)Math.Clamp(Math.Round(r.Quantity / (double)r.Lines, MidpointRounding.AwayFromZero), 1, CartService.MaxQuantity);
            return new FrequentItem(r.PackSizeId, pack.ProductId, pack.Sku, pack.Description, r.Orders, typical, last.GetValueOrDefault(r.PackSizeId), pack.Available);
        }).ToList();
    }

    private async Task<List<(int PackSizeId, int Quantity)>?> OrderLinesAsync(int customerId, string orderNumber, CancellationToken cancellationToken)
    {
        var orderId = await db.Orders.Where(o => o.Number == orderNumber && o.CustomerId == customerId).Select(o => (int?)o.Id).SingleOrDefaultAsync(cancellationToken);
        if (orderId is null)
        {
            return null;
        }

        // Returns (negative quantities) and lines whose pack size was deleted cannot be bought again.
        var lines = await db.OrderLines.AsNoTracking()
            .Where(l => l.OrderId == orderId && l.PackSizeId != null && l.Quantity > 0)
            .OrderBy(l => l.LineNumber)
            .Select(l => new { PackSizeId = l.PackSizeId!.Value, l.Quantity })
            .ToListAsync(cancellationToken);
        return lines.Select(l => (l.PackSizeId, Math.Min(l.Quantity, CartService.MaxQuantity))).ToList();
    }

    private Task<ReorderListLine?> OwnLineAsync(string userId, int customerId, int listId, int lineId, CancellationToken cancellationToken)
    {
        var lists = Visible(userId, customerId);
        return db.ReorderListLines.SingleOrDefaultAsync(l => l.Id == lineId && l.ReorderListId == listId && lists.Any(r => r.Id == listId), cancellationToken);
    }

    private async Task TouchAsync(int listId, CancellationToken cancellationToken)
    {
        var list = await db.ReorderLists.FindAsync([listId], cancellationToken);
        list!.UpdatedAt = time.GetUtcNow();
    }
}

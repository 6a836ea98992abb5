using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Ordering;

/// The number on the header's cart link, on every page a buyer opens. A service of its own so that the layout does
/// not build CartService with its catalog access and price book for every request, and a compiled query so that EF
/// does not translate the LINQ again each time.
public sealed class CartLineCount(PortalDbContext db)
{
    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<int>>> Query = new(() => EF.CompileAsyncQuery(
        (PortalDbContext db, string userId, CancellationToken _) =>
            db.Carts.Where(c => c.UserId == userId).Sum(c => c.Lines.Count + c.Bundles.Count)));

    public Task<int> OfAsync(string userId, CancellationToken cancellationToken) => Of(db, userId, cancellationToken);

    internal static Task<int> Of(PortalDbContext db, string userId, CancellationToken cancellationToken) =>
        Query.For(db)(db, userId, cancellationToken);
}

using Portal.Catalogs;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Identity;
using Portal.ServiceModules;

namespace Portal.Areas.Shop.Pages.Bundles;

/// The bundles the buyer's segment may book: several pack sizes at one bundle price, into the cart in one go.
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    public sealed record Item(string Sku, string ProductName, string PackName, int Quantity);

    public sealed record Row(int Id, string Code, string Name, string Description, decimal NetPrice, IReadOnlyList<Item> Items);

    public IReadOnlyList<Row> Bundles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var customerId = User.CustomerId()!.Value;
        var segment = await db.Customers.Where(c => c.Id == customerId).Select(c => c.Segment).SingleAsync(cancellationToken);

        // A handful per segment by nature (a product manager assembles each one), so no paging.
        Bundles = await db.ServiceModules.AsNoTracking()
            .Where(m => m.Kind == ModuleKind.Bundle && m.IsActive && m.Prices.Any(p => p.Segment == segment) && m.BundleItems.Any()
                && m.BundleItems.All(i => i.PackSize!.IsActive && i.PackSize.Product!.IsActive))
            .OrderBy(m => m.SortOrder).ThenBy(m => m.Name)
            .Select(m => new Row(
                m.Id,
                m.Code,
                ContentLanguage.Pick(m.Name, m.NameDe),
                ContentLanguage.Pick(m.Description, m.DescriptionDe),
                m.Prices.Where(p => p.Segment == segment).Select(p => p.NetPrice).First(),
                m.BundleItems.OrderBy(i => i.Id).Select(i => new Item(i.PackSize!.Sku, ContentLanguage.Pick(i.PackSize.Product!.Name, i.PackSize.Product.NameDe), ContentLanguage.Pick(i.PackSize.Name, i.PackSize.NameDe), i.Quantity)).ToList()))
            .ToListAsync(cancellationToken);
    }
}

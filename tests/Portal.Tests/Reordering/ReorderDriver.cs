using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Customers;
using Portal.Ordering;
using Portal.Pricing;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Reordering;

/// A small-customer company of the test's own with orders in its history, so tests do not see each other's lists,
/// carts or orders.
public sealed record TestCompany(int CustomerId, string Number, string BuyerEmail, HtmlClient Buyer);

public static class ReorderDriver
{
    public static async Task<TestCompany> NewCompanyAsync(this PortalFactory portal)
    {
        var (customerId, number, email) = await portal.NewCompanyWithoutSignInAsync();
        return new TestCompany(customerId, number, email, await portal.SignedInAsync(email));
    }

    /// The company and its buyer only, for tests that sign in some other way (a browser).
    public static async Task<(int CustomerId, string Number, string BuyerEmail)> NewCompanyWithoutSignInAsync(this PortalFactory portal)
    {
        var number = $"R{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var customerId = await portal.CreateCustomerAsync(number, $"Reorder test {number}", creditLimit: 5_000m, deliveryTo: "Test");
        var email = $"buyer-{number}@test.example".ToLowerInvariant();
        await portal.CreateUserAsync(email, customerId, displayName: "Test Buyer");
        return (customerId, number, email);
    }

    public static async Task<HtmlClient> ColleagueAsync(this PortalFactory portal, TestCompany company, bool reminders = true)
    {
        var email = $"colleague-{Guid.NewGuid():N}"[..20] + "@test.example";
        var user = await portal.CreateUserAsync(email, company.CustomerId, displayName: "Colleague");
        if (!reminders)
        {
            await portal.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.ReorderRemindersEnabled, false)));
        }

        return await portal.SignedInAsync(email);
    }

    /// An order in the company's history with the given lines, at a price that is not today's.
    public static Task<string> SeedOrderAsync(this PortalFactory portal, TestCompany company, DateTimeOffset placedAt, params (string Sku, int Quantity)[] lines) =>
        portal.SeedOrderAsync(company.CustomerId, company.Number, placedAt, lines);

    public static async Task<string> SeedOrderAsync(this PortalFactory portal, int customerId, string customerNumber, DateTimeOffset placedAt, params (string Sku, int Quantity)[] lines)
    {
        var number = $"{customerNumber}-{Guid.NewGuid():N}"[..24];
        await portal.WithDbAsync(async db =>
        {
            var skus = lines.Select(l => l.Sku).ToList();
            // Described the way checkout describes a line, so pages and screenshots show what a buyer sees.
            var packs = await db.PackSizes.Where(s => skus.Contains(s.Sku))
                .Select(s => new { s.Sku, s.Id, Description = s.Product!.Name + " – " + s.Name })
                .ToDictionaryAsync(s => s.Sku);
            db.Orders.Add(new Order
            {
                Number = number,
                CustomerId = customerId,
                PlacedAt = placedAt,
                Channel = OrderChannel.Phone,
                Status = OrderStatus.Completed,
                SubtotalNet = lines.Sum(l => l.Quantity),
                TotalGross = lines.Sum(l => l.Quantity) * 1.19m,
                Lines = lines.Select((l, i) => new OrderLine
                {
                    LineNumber = i + 1,
                    PackSizeId = packs[l.Sku].Id,
                    Sku = l.Sku,
                    Description = packs[l.Sku].Description,
                    Quantity = l.Quantity,
                    UnitPrice = 1m,
                    TaxRate = 0.19m,
                    LineNet = l.Quantity,
                }).ToList(),
            });
            return await db.SaveChangesAsync();
        });
        return number;
    }

    /// A product of the test's own in the small-customer catalog with a price, whose pack can then be discontinued.
    public static async Task<string> NewSmallCatalogPackAsync(this PortalFactory portal)
    {
        var sku = $"TST-{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        await portal.WithDbAsync(async db =>
        {
            var category = await db.Categories.FirstAsync();
            var product = new Product { Name = $"Test product {sku}", BaseUnit = "piece", CategoryId = category.Id, PackSizes = [new PackSize { Sku = sku, Name = "Single" }] };
            db.Products.Add(product);
            await db.SaveChangesAsync();
            var catalogId = await db.CatalogAssignments.Where(a => a.Segment == Segment.C).Select(a => a.CatalogId).FirstAsync();
            db.CatalogItems.Add(new CatalogItem { CatalogId = catalogId, ProductId = product.Id });
            var priceList = await db.PriceLists.FirstAsync(l => l.Segment == Segment.C);
            db.PriceListEntries.Add(new PriceListEntry { PriceListId = priceList.Id, PackSizeId = product.PackSizes[0].Id, MinQuantity = 1, UnitPrice = 2m });
            return await db.SaveChangesAsync();
        });
        return sku;
    }

    public static Task DiscontinueAsync(this PortalFactory portal, string sku) =>
        portal.WithDbAsync(db => db.PackSizes.Where(s => s.Sku == sku).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));

    /// Saves a past order as a list through the order page's form; answers the list's path.
    public static async Task<string> SaveOrderAsListAsync(this HtmlClient buyer, string orderNumber, string name, bool isPrivate = false)
    {
        var page = await buyer.GetDocumentAsync($"/shop/orders/{orderNumber}");
        var fields = new Dictionary<string, string> { ["name"] = name };
        if (isPrivate)
        {
            fields["isPrivate"] = "true";
        }

        var response = await buyer.SubmitAsync(page, "form[action*='FromOrder']", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    public static async Task<IDocument> FollowAsync(this HtmlClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
    }

    public static Task<List<CartLine>> CartLinesAsync(this PortalFactory portal, string email) =>
        portal.WithDbAsync(db => db.CartLines.Include(l => l.PackSize)
            .Where(l => db.Carts.Any(c => c.Id == l.CartId && db.Users.Any(u => u.Id == c.UserId && u.Email == email)))
            .ToListAsync());

    public static async Task<string> PlaceOrderAsync(this HtmlClient buyer)
    {
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        var response = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string> { ["Input.CustomerReference"] = "REORDER" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/shop/orders/", location);
        return location["/shop/orders/".Length..location.IndexOf('?', StringComparison.Ordinal)];
    }

    public static string WallPaint => ShopDriver.WallPaint2L5;
}

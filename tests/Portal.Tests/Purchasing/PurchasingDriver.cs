using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Purchasing;

/// A company of the test's own with one company admin and one buyer, both signed in, and the steps of the
/// purchasing pages as the two of them take them.
public sealed record PurchasingCompany(int CustomerId, string Number, string AdminEmail, string BuyerEmail, string BuyerId, HtmlClient Admin, HtmlClient Buyer);

public static class PurchasingDriver
{
    /// 10 × wall paint 2.5 l = 105.50 net goods + 6.90 parcel delivery: 112.40 net.
    public const decimal TenPacksNet = 112.40m;

    public static async Task<PurchasingCompany> NewCompanyAsync(this PortalFactory portal, decimal? orderLimit = null, decimal? monthlyBudget = null)
    {
        var number = $"P{Guid.NewGuid():N}"[..12];
        var customerId = await portal.CreateCustomerAsync(number, $"Purchasing {number}", creditLimit: 100_000m, deliveryTo: "Lager");
        var adminEmail = $"admin-{number}@test.example".ToLowerInvariant();
        var buyerEmail = $"buyer-{number}@test.example".ToLowerInvariant();
        await portal.CreateUserAsync(adminEmail, customerId, Roles.CustomerAdmin, displayName: "Anna Admin");
        var buyer = await portal.CreateUserAsync(buyerEmail, customerId, displayName: "Ben Buyer");
        var company = new PurchasingCompany(customerId, number, adminEmail, buyerEmail, buyer.Id, await portal.SignedInAsync(adminEmail), await portal.SignedInAsync(buyerEmail));
        if (orderLimit is not null || monthlyBudget is not null)
        {
            var response = await company.SetLimitsAsync(buyer.Id, Text(orderLimit), Text(monthlyBudget));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        return company;
    }

    private static string Text(decimal? amount) => amount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// The company admin saves a buyer's limits on /shop/team, as typed.
    public static async Task<HttpResponseMessage> SetLimitsAsync(this PurchasingCompany company, string userId, string orderLimit, string monthlyBudget, HtmlClient? admin = null)
    {
        var team = await (admin ?? company.Admin).GetDocumentAsync("/shop/team");
        return await (admin ?? company.Admin).SubmitAsync(team, "form[id^='limits-']", new Dictionary<string, string>
        {
            ["userId"] = userId,
            ["orderLimit"] = orderLimit,
            ["monthlyBudget"] = monthlyBudget,
        });
    }

    /// The buyer puts packs of wall paint 2.5 l into the cart and places the order on account; answers its number.
    public static async Task<string> PlaceOrderAsync(this PortalFactory portal, HtmlClient buyer, int packs = 10)
    {
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, packs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await buyer.CheckOutAsync();
    }

    /// Places the cart as it stands from the checkout page, with the form's defaults; answers the order's number.
    public static async Task<string> CheckOutAsync(this HtmlClient buyer, AngleSharp.Dom.IDocument? checkout = null)
    {
        checkout ??= await buyer.GetDocumentAsync("/shop/checkout");
        var response = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string> { ["Input.CustomerReference"] = "PO-1" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/shop/orders/", location, StringComparison.Ordinal);
        return location["/shop/orders/".Length..location.IndexOf('?', StringComparison.Ordinal)];
    }

    public static async Task<HttpResponseMessage> DecideAsync(this HtmlClient admin, string orderNumber, bool approve, string? reason = null)
    {
        var page = await admin.GetDocumentAsync("/shop/approvals");
        var fields = new Dictionary<string, string> { ["number"] = orderNumber };
        if (!approve)
        {
            fields["reason"] = reason ?? "";
        }

        // The forms are the same for every order; the number picks the order, as the page's hidden field does.
        var form = approve ? "form[action*='handler=Approve']" : "form[action*='handler=Reject']";
        if (page.QuerySelector(form) is null)
        {
            // No order waits in the admin's own company: post the form the way a crafted request would.
            return await admin.Http.PostAsync($"/shop/approvals?handler={(approve ? "Approve" : "Reject")}", new FormUrlEncodedContent(await WithTokenAsync(admin, fields)));
        }

        return await admin.SubmitAsync(page, form, fields);
    }

    /// The antiforgery token of the admin's session, from any page with a form (the team page has several).
    private static async Task<Dictionary<string, string>> WithTokenAsync(HtmlClient client, Dictionary<string, string> fields)
    {
        var team = await client.GetDocumentAsync("/shop/team");
        var token = team.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        return new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
    }

    public static Task<Portal.Ordering.Order> OrderAsync(this PortalFactory portal, string number) =>
        portal.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Number == number));

    public static Task<List<Portal.Ordering.OrderEventKind>> HistoryAsync(this PortalFactory portal, string number) =>
        portal.WithDbAsync(db => db.OrderEvents.Where(e => e.Order!.Number == number).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
}

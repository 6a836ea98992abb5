using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Identity;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// Company purchasing as the company admin (desktop) and the buyer (phone) do it: limits on the team page, an order
/// that waits for approval, the admin's decision, and the mails on the real SMTP server.
[Collection(BrowserCollection.Name)]
public sealed partial class PurchasingBrowserTests(BrowserPortal portal)
{
    private sealed record Company(string AdminEmail, string BuyerEmail, string BuyerName);

    [Fact]
    public async Task An_order_above_the_buyers_limit_waits_for_the_admin_who_approves_it_and_both_get_their_mails()
    {
        var company = await NewCompanyAsync();
        var admin = await portal.SignedInPageAsync(company.AdminEmail);
        await SetLimitsAsync(admin, company, orderLimit: "100", monthlyBudget: "");

        // 14 packs of wall paint 2.5 l: 147.70 net goods, about 150 € with delivery, above the 100 € limit.
        var buyer = await portal.SignedInPageAsync(company.BuyerEmail, BrowserPortal.Phone);
        await AddWallPaintAsync(buyer, "14");
        await buyer.GotoAsync("/shop/cart");
        await Expect(buyer.GetByTestId("approval-note")).ToContainTextAsync("above your order limit");
        await BrowserPortal.ScreenshotAsync(buyer, "purchasing-cart-approval-note-phone");
        var number = await PlaceOrderAsync(buyer);
        await Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Awaiting approval");
        await Expect(buyer.GetByTestId("approval-note")).ToBeVisibleAsync();
        await BrowserPortal.ScreenshotAsync(buyer, "purchasing-order-awaiting-approval-phone");

        var request = await portal.WaitForSubjectAsync(company.AdminEmail, $"Order {number} needs your approval");
        Assert.Contains("above the order limit of €100.00", request);
        await admin.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
        var waiting = admin.Locator($"[data-order='{number}']");
        await Expect(waiting).ToContainTextAsync("Above the order limit of €100.00.");
        await BrowserPortal.ScreenshotAsync(admin, "purchasing-approvals-desktop");
        await waiting.GetByRole(AriaRole.Button, new() { Name = $"Approve order {number}" }).ClickAsync();
        await Expect(admin.Locator(".alert-success")).ToContainTextAsync($"Order {number} is approved and placed.");
        await Expect(admin.GetByTestId("decided").Locator($"[data-order='{number}']")).ToContainTextAsync("Approved");

        var confirmation = await portal.WaitForSubjectAsync(company.BuyerEmail, $"Order {number} confirmed");
        Assert.Contains("Interior wall paint", confirmation);
        await buyer.ReloadAsync();
        await Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Confirmed");
        await Expect(buyer.GetByTestId("order-history")).ToContainTextAsync("Approved · Anna Admin");
        await BrowserPortal.ScreenshotAsync(buyer, "purchasing-order-approved-phone");
    }

    [Fact]
    public async Task A_used_up_monthly_budget_sends_the_next_order_for_approval_and_a_rejection_tells_the_buyer_why()
    {
        var company = await NewCompanyAsync();
        var admin = await portal.SignedInPageAsync(company.AdminEmail, BrowserPortal.Phone);
        await SetLimitsAsync(admin, company, orderLimit: "", monthlyBudget: "150");
        await BrowserPortal.ScreenshotAsync(admin, "purchasing-team-limits-phone");

        // 10 packs: 112.40 net with delivery, within the budget; the next 10 are more than the 37.60 left.
        var buyer = await portal.SignedInPageAsync(company.BuyerEmail);
        await AddWallPaintAsync(buyer, "10");
        var first = await PlaceOrderAsync(buyer);
        await Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Confirmed");
        await AddWallPaintAsync(buyer, "10");
        await buyer.GotoAsync("/shop/checkout");
        await Expect(buyer.GetByTestId("budget-left")).ToContainTextAsync("€37.60");
        await Expect(buyer.GetByTestId("approval-note")).ToContainTextAsync("more than is left of your budget");
        await BrowserPortal.ScreenshotAsync(buyer, "purchasing-checkout-budget-desktop");
        var second = await PlaceOrderAsync(buyer);
        Assert.NotEqual(first, second);
        await Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Awaiting approval");

        await admin.GotoAsync("/shop/approvals");
        var waiting = admin.Locator($"[data-order='{second}']");
        await Expect(waiting).ToContainTextAsync("More than the €37.60 left of this month's budget.");
        await BrowserPortal.ScreenshotAsync(admin, "purchasing-approvals-phone");
        await waiting.GetByRole(AriaRole.Button, new() { Name = $"Reject order {second}" }).ClickAsync();
        await Expect(admin.GetByTestId("reject-error")).ToContainTextAsync("why you reject");
        await admin.Locator($"[data-order='{second}']").GetByLabel("Reason for the buyer").FillAsync("Budget is spent; please wait for May.");
        await admin.Locator($"[data-order='{second}']").GetByRole(AriaRole.Button, new() { Name = $"Reject order {second}" }).ClickAsync();
        await Expect(admin.Locator(".alert-success")).ToContainTextAsync($"Order {second} is rejected");

        var rejection = await portal.WaitForSubjectAsync(company.BuyerEmail, $"Order {second} was not approved");
        Assert.Contains("Budget is spent; please wait for May.", rejection);
        await buyer.ReloadAsync();
        await Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Cancelled");
        await Expect(buyer.GetByTestId("order-history")).ToContainTextAsync("Budget is spent; please wait for May.");
    }

    private async Task<Company> NewCompanyAsync()
    {
        var number = $"B{Guid.NewGuid():N}"[..12];
        var customerId = await portal.Factory.CreateCustomerAsync(number, $"Purchasing {number}", creditLimit: 100_000m, deliveryTo: "Lager");
        var company = new Company($"admin-{number}@test.example".ToLowerInvariant(), $"buyer-{number}@test.example".ToLowerInvariant(), "Ben Buyer");
        await portal.Factory.CreateUserAsync(company.AdminEmail, customerId, Roles.CustomerAdmin, displayName: "Anna Admin");
        await portal.Factory.CreateUserAsync(company.BuyerEmail, customerId, displayName: company.BuyerName);
        return company;
    }

    private static async Task SetLimitsAsync(IPage admin, Company company, string orderLimit, string monthlyBudget)
    {
        await admin.GotoAsync("/shop/team");
        await admin.GetByLabel($"Order limit of {company.BuyerName}").FillAsync(orderLimit);
        await admin.GetByLabel($"Monthly budget of {company.BuyerName}").FillAsync(monthlyBudget);
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Save the limits of {company.BuyerName}" }).ClickAsync();
        await Expect(admin.Locator(".alert-success")).ToContainTextAsync($"The limits of {company.BuyerName} are saved.");
    }

    private async Task AddWallPaintAsync(IPage buyer, string quantity)
    {
        var (_, productId) = await portal.Factory.PackAsync(ShopDriver.WallPaint2L5);
        await buyer.GotoAsync($"/shop/products/{productId}");
        var pack = buyer.Locator($".pack-card[data-sku='{ShopDriver.WallPaint2L5}']");
        await pack.GetByLabel("Quantity of Bucket 2.5 l", new() { Exact = true }).FillAsync(quantity);
        await pack.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(pack.Locator("[id^=add-status-]")).ToContainTextAsync("Added to your cart.");
    }

    private static async Task<string> PlaceOrderAsync(IPage buyer)
    {
        await buyer.GotoAsync("/shop/checkout");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await BrowserPortal.ArrivesAtAsync(buyer, url => OrderPage().IsMatch(url), "placing the order");
        return OrderPage().Match(buyer.Url).Groups[1].Value;
    }

    [GeneratedRegex(@"/shop/orders/(\d{4}-\d{6})\?placed=1$")]
    private static partial Regex OrderPage();
}

using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SalesBrowserTests(BrowserPortal portal)
{
    [Fact]
    public async Task An_order_over_the_credit_limit_is_approved_by_a_clerk_and_the_buyer_gets_the_confirmation()
    {
        // A small company with a tiny credit line and its buyer.
        var customerNumber = $"BT{Guid.NewGuid():N}"[..10];
        var customerId = await portal.Factory.CreateCustomerAsync(customerNumber, "Werkstatt Klein", creditLimit: 50m, deliveryTo: "Werkstatt Klein");
        var buyerEmail = TestAccounts.Unique("held");
        await portal.Factory.CreateUserAsync(buyerEmail, customerId, displayName: "Hanna Held");
        var buyer = await portal.SignedInPageAsync(buyerEmail);
        await buyer.GotoAsync("/shop/catalog?q=interior%20wall%20paint%20white%20matt");
        await buyer.GetByRole(AriaRole.Link, new() { Name = "Interior wall paint, white matt" }).ClickAsync();
        var pack = buyer.Locator(".pack-card", new() { HasText = "Bucket 5 l" });
        await pack.GetByLabel("Quantity of Bucket 5 l", new() { Exact = true }).FillAsync("5");
        await pack.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(pack.Locator("[id^=add-status-]")).ToContainTextAsync("Added");
        await buyer.GotoAsync("/shop/checkout");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(buyer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(new Regex(@"\d{4}-\d{6}"));
        var number = Regex.Match(buyer.Url, @"(\d{4}-\d{6})").Value;

        // The clerk sees it in the queue, with the live count in the navigation.
        var clerk = await portal.SignedInPageAsync(DemoPortal.Sales);
        await Expect(clerk.GetByTestId("escalation-count")).ToHaveTextAsync(new Regex(@"^[1-9]\d*$"));
        await clerk.GetByLabel("Type").SelectOptionAsync("CreditLimit");
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await BrowserPortal.ScreenshotAsync(clerk, "sales-queue-desktop");
        await clerk.GetByRole(AriaRole.Row, new() { Name = number }).GetByRole(AriaRole.Link, new() { Name = "Over the credit limit" }).ClickAsync();
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        await Expect(clerk.GetByTestId("claimed-by")).ToHaveTextAsync("Sabine Vogel");
        await BrowserPortal.ScreenshotAsync(clerk, "sales-escalation-desktop");
        await clerk.GetByLabel("Approve the order").CheckAsync();
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Expect(clerk.GetByRole(AriaRole.Status)).ToContainTextAsync("Resolved");

        // The buyer gets the confirmation and sees the order confirmed.
        var mail = await portal.WaitForSubjectAsync(buyerEmail, $"Order {number} confirmed");
        Assert.Contains(number, mail);
        await buyer.GotoAsync($"/shop/orders/{number}");
        await Expect(buyer.Locator(".badge-confirmed").First).ToBeVisibleAsync();

        // The customer's 360° view counts the touch.
        await clerk.GotoAsync($"/sales/customers/{customerNumber}");
        await Expect(clerk.GetByTestId("timeline")).ToContainTextAsync("Over the credit limit: Approved");
        await BrowserPortal.ScreenshotAsync(clerk, "sales-customer-360-desktop");
    }
}

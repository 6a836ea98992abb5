using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Sales;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// The buyer's ways to reach inside sales on a phone, and the clerk editing a held order on a phone.
[Collection(BrowserCollection.Name)]
public sealed class EscalationRuleBrowserTests(BrowserPortal portal)
{
    private async Task<(int CustomerId, string Email)> NewCompanyAsync(decimal creditLimit)
    {
        var customerNumber = $"BR{Guid.NewGuid():N}"[..10];
        var customerId = await portal.Factory.CreateCustomerAsync(customerNumber, "Malerei Rot", creditLimit: creditLimit, deliveryTo: "Malerei Rot");
        var email = TestAccounts.Unique("rot");
        await portal.Factory.CreateUserAsync(email, customerId, displayName: "Rita Rot");
        return (customerId, email);
    }

    private static async Task GermanScreenshotAsync(IPage page, string name)
    {
        await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = "c=de|uic=de", Url = page.Url }]);
        await page.ReloadAsync();
        await BrowserPortal.ScreenshotAsync(page, name);
        await page.Context.ClearCookiesAsync(new() { Name = ".AspNetCore.Culture" });
    }

    [Fact]
    public async Task A_buyer_asks_for_a_product_the_search_does_not_find_and_for_a_call_on_a_phone()
    {
        var (customerId, email) = await NewCompanyAsync(2_500m);
        var buyer = await portal.SignedInPageAsync(email, BrowserPortal.Phone);

        await buyer.GotoAsync("/shop/catalog");
        await buyer.GetByLabel("Search by name, article number or description").FillAsync("Kalkfarbe Sumpfkalk");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(buyer.GetByTestId("no-results")).ToBeVisibleAsync();
        var form = buyer.GetByTestId("not-in-catalog");
        await form.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        await Expect(buyer.GetByTestId("not-in-catalog")).ToContainTextAsync("Please describe what you need.");
        await buyer.GetByLabel("Product or description").FillAsync("Sumpfkalkfarbe für Altbau, weiß");
        await buyer.GetByLabel("Pack size (optional)").FillAsync("10 l Eimer");
        await buyer.GetByLabel("Quantity (optional)").FillAsync("6 Eimer");
        await BrowserPortal.ScreenshotAsync(buyer, "shop-not-in-catalog-phone");
        await buyer.GetByTestId("not-in-catalog").GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        await Expect(buyer.GetByTestId("request-sent")).ToContainTextAsync("we have your request");
        await BrowserPortal.ScreenshotAsync(buyer, "shop-not-in-catalog-sent-phone");

        var request = await portal.Factory.WithDbAsync(db => db.Escalations.AsNoTracking().SingleAsync(e => e.CustomerId == customerId));
        Assert.Equal(EscalationType.NotInCatalog, request.Type);
        Assert.StartsWith("Requested: Sumpfkalkfarbe für Altbau, weiß (pack: 10 l Eimer, qty: 6 Eimer) – searched for “Kalkfarbe Sumpfkalk”", request.Reason, StringComparison.Ordinal);

        await buyer.GotoAsync("/shop/catalog?q=Zaubertinte");
        await GermanScreenshotAsync(buyer, "shop-not-in-catalog-phone-de");

        await buyer.GotoAsync("/shop/catalog?q=interior%20wall%20paint%20white%20matt");
        await buyer.GetByRole(AriaRole.Link, new() { Name = "Interior wall paint, white matt" }).ClickAsync();
        var callMe = buyer.GetByTestId("call-me");
        await callMe.GetByLabel("Your question (optional)").FillAsync("Gibt es den Farbton auch in Cremeweiß?");
        await BrowserPortal.ScreenshotAsync(buyer, "shop-product-call-me-phone");
        await callMe.GetByRole(AriaRole.Button, new() { Name = "Please call me" }).ClickAsync();
        await Expect(buyer.GetByRole(AriaRole.Status).First).ToContainTextAsync("we will call you about this product");
        await Expect(buyer.GetByTestId("call-me-open")).ToBeVisibleAsync();
        await GermanScreenshotAsync(buyer, "shop-product-call-me-sent-phone-de");
        Assert.Equal(2, await portal.Factory.WithDbAsync(db => db.Escalations.CountAsync(e => e.CustomerId == customerId)));
    }

    [Fact]
    public async Task A_clerk_halves_a_bundle_in_a_held_order_and_its_contents_follow()
    {
        var (_, email) = await NewCompanyAsync(50m);
        var buyer = await portal.SignedInPageAsync(email, BrowserPortal.Phone);
        await buyer.GotoAsync("/shop/bundles");
        var offer = buyer.Locator("[data-bundle='SET-WALL']");
        await offer.GetByLabel("Quantity", new() { Exact = true }).FillAsync("2");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(buyer).ToHaveURLAsync(new Regex("/shop/cart"));
        await buyer.GotoAsync("/shop/checkout");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(buyer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(new Regex(@"\d{4}-\d{6}"));
        var number = Regex.Match(buyer.Url, @"(\d{4}-\d{6})").Value;

        var clerk = await portal.SignedInPageAsync(DemoPortal.Sales, BrowserPortal.Phone);
        await clerk.GotoAsync("/sales?type=CreditLimit");
        await clerk.GetByRole(AriaRole.Row, new() { Name = number }).GetByRole(AriaRole.Link, new() { Name = "Over the credit limit" }).ClickAsync();
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        await clerk.GetByText("Edit the order (quantities, prices, remove lines)").ClickAsync();
        // One row to edit, the bundle, with what one bundle holds; its contents are not rows of their own.
        var edit = clerk.GetByTestId("edit-order");
        await Expect(edit.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(edit.GetByTestId("bundle-contents")).ToContainTextAsync("2 × ");
        await edit.GetByLabel(new Regex("^Quantity of ")).FillAsync("1");
        await edit.GetByLabel("Reason for the change (the customer reads it)").FillAsync("Ein Set genügt.");
        await BrowserPortal.ScreenshotAsync(clerk, "sales-edit-bundle-phone");
        await clerk.SetViewportSizeAsync(1366, 900);
        await BrowserPortal.ScreenshotAsync(clerk, "sales-edit-bundle-desktop");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save changes and confirm the order" }).ClickAsync();
        await Expect(clerk.GetByRole(AriaRole.Status).First).ToContainTextAsync("Order edited");

        var order = await portal.Factory.WithDbAsync(db => db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == number));
        Assert.Equal((1, 1), order.Lines.Where(l => l.Sku == "SET-WALL").Select(l => (l.LineNumber, l.Quantity)).Single());
        Assert.Equal(2, order.Lines.Single(l => l.Sku == "P360-1" && l.BundleLineNumber == 1).Quantity);
    }

    [Fact]
    public async Task A_clerk_edits_a_held_order_on_a_phone_and_the_buyer_gets_the_changed_confirmation()
    {
        var (_, email) = await NewCompanyAsync(50m);
        var buyer = await portal.SignedInPageAsync(email, BrowserPortal.Phone);
        await buyer.GotoAsync("/shop/catalog?q=interior%20wall%20paint%20white%20matt");
        await buyer.GetByRole(AriaRole.Link, new() { Name = "Interior wall paint, white matt" }).ClickAsync();
        var pack = buyer.Locator(".pack-card", new() { HasText = "Bucket 5 l" });
        await pack.GetByLabel("Quantity of Bucket 5 l", new() { Exact = true }).FillAsync("5");
        await pack.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(pack.Locator("[id^=add-status-]")).ToContainTextAsync("Added");
        await buyer.GotoAsync("/shop/checkout");
        await buyer.GetByLabel("Comment (optional)").FillAsync("Bitte vor 8 Uhr liefern, Baustelle.");
        await buyer.GetByLabel("My comment needs attention").CheckAsync();
        await BrowserPortal.ScreenshotAsync(buyer, "shop-checkout-comment-phone");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(buyer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(new Regex(@"\d{4}-\d{6}"));
        var number = Regex.Match(buyer.Url, @"(\d{4}-\d{6})").Value;
        await Expect(buyer.GetByTestId("review-note")).ToBeVisibleAsync();

        var clerk = await portal.SignedInPageAsync(DemoPortal.Sales, BrowserPortal.Phone);
        await clerk.GetByText("Open an escalation").ClickAsync();
        await BrowserPortal.ScreenshotAsync(clerk, "sales-queue-open-escalation-phone");
        await clerk.GotoAsync("/sales?type=CreditLimit");
        await clerk.GetByRole(AriaRole.Row, new() { Name = number }).GetByRole(AriaRole.Link, new() { Name = "Over the credit limit" }).ClickAsync();
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        await Expect(clerk.GetByTestId("order-comment")).ToContainTextAsync("Bitte vor 8 Uhr liefern");
        await clerk.GetByText("Edit the order (quantities, prices, remove lines)").ClickAsync();
        var edit = clerk.GetByTestId("edit-order");
        await edit.GetByLabel(new Regex("^Quantity of ")).FillAsync("2");
        await edit.GetByLabel("Reason for the change (the customer reads it)").FillAsync("Telefonisch auf 2 Eimer reduziert.");
        await BrowserPortal.ScreenshotAsync(clerk, "sales-edit-order-phone");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save changes and confirm the order" }).ClickAsync();
        await Expect(clerk.GetByRole(AriaRole.Status).First).ToContainTextAsync("Order edited");

        var mail = await portal.WaitForSubjectAsync(email, $"Order {number} changed");
        Assert.Contains("Telefonisch auf 2 Eimer reduziert.", mail, StringComparison.Ordinal);
        Assert.Contains("2 × Interior wall paint, white matt – Bucket 5 l", mail, StringComparison.Ordinal);
        await buyer.GotoAsync($"/shop/orders/{number}");
        await Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Confirmed");
    }
}

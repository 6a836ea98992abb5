using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class PaymentBrowserTests(BrowserPortal portal)
{
    private async Task<IPage> CheckoutWithCardAsync()
    {
        var page = await portal.SignedInPageAsync(DemoPortal.BuyerAdmin);
        await page.GotoAsync("/shop/catalog?q=wall%20paint%20white%20matt");
        await page.GetByRole(AriaRole.Link, new() { Name = "Interior wall paint, white matt" }).ClickAsync();
        var pack = page.Locator(".pack-card", new() { HasText = "Bucket 5 l" });
        await pack.GetByLabel("Quantity of Bucket 5 l", new() { Exact = true }).FillAsync("3");
        await pack.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(pack.Locator("[id^=add-status-]")).ToContainTextAsync("Added");
        await page.GotoAsync("/shop/checkout");
        await page.GetByLabel("Card").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Stand-in checkout" })).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task Buyer_pays_by_card_on_the_stripe_page_and_comes_back_to_a_paid_order()
    {
        var page = await CheckoutWithCardAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/shop/orders/\d{4}-\d{6}/payment\?result=success$"));
        await Expect(page.GetByTestId("payment-state")).ToHaveTextAsync("Paid — thank you");
        await BrowserPortal.ScreenshotAsync(page, "payment-paid-desktop");
    }

    [Fact]
    public async Task Buyer_who_cancels_on_the_stripe_page_keeps_the_order_and_can_pay_on_account_instead()
    {
        var page = await CheckoutWithCardAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel and return" }).ClickAsync();

        await Expect(page.GetByTestId("payment-state")).ToHaveTextAsync("Your order is waiting for payment");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pay by card" })).ToBeVisibleAsync();
        await BrowserPortal.ScreenshotAsync(page, "payment-cancelled-desktop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay on account instead" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/shop/orders/\d{4}-\d{6}\?placed=1$"));
    }
}

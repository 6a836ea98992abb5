using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Localization;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// Quotes as the buyer and the clerk take them: asked for from the cart, written by inside sales from the queue,
/// accepted into an order at the quoted prices; a quote whose day has passed is refused with a message.
public sealed partial class PurchasingBrowserTests
{
    [Fact]
    public async Task A_quote_asked_for_from_the_cart_is_written_by_the_clerk_and_accepted_into_an_order_at_the_quoted_prices()
    {
        var company = await NewCompanyAsync();
        var buyer = await portal.SignedInPageAsync(company.BuyerEmail);
        var number = await RequestQuoteAsync(buyer, "200", "We need 200 buckets every quarter.");
        var mine = buyer.Locator($"[data-quote='{number}']");
        await Expect(mine.GetByTestId("quote-status")).ToHaveTextAsync("Requested");
        await Expect(mine).ToContainTextAsync("We need 200 buckets every quarter.");

        // The clerk finds the request in the queue and writes the quote from it, on a phone.
        var clerk = await portal.SignedInPageAsync(DemoPortal.Sales, BrowserPortal.Phone);
        await clerk.GotoAsync("/sales?type=QuoteRequest");
        await clerk.GetByRole(AriaRole.Row, new() { Name = number }).GetByRole(AriaRole.Link, new() { Name = "Quote request" }).ClickAsync();
        await clerk.GetByTestId("write-quote").ClickAsync();
        await BrowserPortal.ArrivesAtAsync(clerk, url => url.EndsWith($"/sales/quotes/{number}", StringComparison.Ordinal), "opening the quote");
        await Expect(clerk.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Quote {number}");
        await Expect(clerk.Locator("main")).ToContainTextAsync("We need 200 buckets every quarter.");
        var validUntil = Dates.BusinessToday(TimeProvider.System).AddDays(14);
        await clerk.GetByLabel($"Quoted price for {ShopDriver.WallPaint2L5}").FillAsync("8.75");
        await clerk.GetByLabel("Valid until").FillAsync(validUntil.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await clerk.GetByLabel("Note for the customer (optional)").FillAsync("Price for 200 a quarter.");
        await BrowserPortal.ScreenshotAsync(clerk, "purchasing-sales-quote-phone");
        await clerk.SetViewportSizeAsync(BrowserPortal.Desktop.Width, BrowserPortal.Desktop.Height);
        await BrowserPortal.ScreenshotAsync(clerk, "purchasing-sales-quote-desktop");
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Send quote" }).ClickAsync();
        await Expect(clerk.Locator(".alert-success")).ToContainTextAsync($"Quote {number} is sent to the customer.");
        await Expect(clerk.GetByRole(AriaRole.Button, new() { Name = "Send the changed quote" })).ToBeVisibleAsync();

        var ready = await portal.WaitForSubjectAsync(company.BuyerEmail, $"Your quote {number} is ready");
        Assert.Contains("/shop/quotes", ready, StringComparison.Ordinal);
        await buyer.ReloadAsync();
        await Expect(mine.GetByTestId("quote-status")).ToHaveTextAsync("Quote ready");
        await Expect(mine.GetByTestId("quoted-price")).ToHaveTextAsync("€8.75");
        await Expect(mine.GetByTestId("quote-total")).ToHaveTextAsync("€1,750.00 net");
        await Expect(mine).ToContainTextAsync("Price for 200 a quarter.");
        await BrowserPortal.ScreenshotAsync(buyer, "purchasing-shop-quotes-desktop");
        await buyer.SetViewportSizeAsync(BrowserPortal.Phone.Width, BrowserPortal.Phone.Height);
        await BrowserPortal.ScreenshotAsync(buyer, "purchasing-shop-quotes-phone");

        await mine.GetByRole(AriaRole.Button, new() { Name = $"Accept quote {number}" }).ClickAsync();
        await BrowserPortal.ArrivesAtAsync(buyer, url => OrderPage().IsMatch(url), "accepting the quote");
        var order = OrderPage().Match(buyer.Url).Groups[1].Value;
        await Expect(buyer.GetByTestId("status")).ToHaveTextAsync("Confirmed");
        var line = buyer.GetByTestId("lines").Locator($"tr[data-sku='{ShopDriver.WallPaint2L5}']");
        await Expect(line).ToContainTextAsync("€8.75");
        await Expect(line.GetByTestId("line-net")).ToHaveTextAsync("€1,750.00");
        await Expect(buyer.GetByTestId("reference")).ToHaveTextAsync(number);
        await BrowserPortal.ScreenshotAsync(buyer, "purchasing-order-from-quote-phone");

        var confirmation = await portal.WaitForSubjectAsync(company.BuyerEmail, $"Order {order} confirmed");
        Assert.Contains($"200 × Interior wall paint", confirmation, StringComparison.Ordinal);
        Assert.Contains("€1,750.00", confirmation, StringComparison.Ordinal);

        // Once accepted, the quote links to its order and cannot be accepted again.
        await buyer.GotoAsync("/shop/quotes");
        await Expect(mine.GetByTestId("quote-status")).ToHaveTextAsync("Accepted");
        await Expect(mine.GetByRole(AriaRole.Link, new() { Name = $"Order {order}" })).ToBeVisibleAsync();
        await Expect(mine.GetByRole(AriaRole.Button, new() { Name = $"Accept quote {number}" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_quote_whose_last_day_has_passed_is_refused_with_a_message_and_no_order_is_placed()
    {
        var company = await NewCompanyAsync();
        var buyer = await portal.SignedInPageAsync(company.BuyerEmail, BrowserPortal.Phone);
        var number = await RequestQuoteAsync(buyer, "120", null);
        await WriteQuoteAsync(number, 9m);
        await buyer.ReloadAsync();
        var mine = buyer.Locator($"[data-quote='{number}']");
        await Expect(mine.GetByTestId("quote-status")).ToHaveTextAsync("Quote ready");

        // The buyer waited too long: the quote's last day passes while the page is open. The clerk's form does not
        // take a day in the past, so the day is moved in the database.
        var customerId = await portal.Factory.WithDbAsync(db => db.Quotes.Where(q => q.Number == number).Select(q => q.CustomerId).SingleAsync());
        await portal.Factory.WithDbAsync(db => db.Quotes.Where(q => q.Number == number)
            .ExecuteUpdateAsync(q => q.SetProperty(x => x.ValidUntil, Dates.BusinessToday(TimeProvider.System).AddDays(-1))));
        await mine.GetByRole(AriaRole.Button, new() { Name = $"Accept quote {number}" }).ClickAsync();
        await Expect(buyer.Locator(".alert-error")).ToContainTextAsync("This quote has expired. Please ask for a new one.");
        await Expect(mine.GetByTestId("quote-status")).ToHaveTextAsync("Expired");
        await Expect(mine.GetByRole(AriaRole.Button, new() { Name = $"Accept quote {number}" })).ToHaveCountAsync(0);
        await BrowserPortal.ScreenshotAsync(buyer, "purchasing-shop-quote-expired-phone");
        Assert.Equal(0, await portal.Factory.WithDbAsync(db => db.Orders.CountAsync(o => o.CustomerId == customerId)));
    }

    /// From the cart: the packs of wall paint, a note, "Request a quote"; answers the new quote's number.
    private async Task<string> RequestQuoteAsync(IPage buyer, string quantity, string? note)
    {
        await AddWallPaintAsync(buyer, quantity);
        await buyer.GotoAsync("/shop/cart");
        var form = buyer.GetByTestId("quote-request");
        if (note is not null)
        {
            await form.GetByLabel("Need a better price for larger quantities?").FillAsync(note);
        }

        await form.GetByRole(AriaRole.Button, new() { Name = "Request a quote" }).ClickAsync();
        await Expect(buyer.Locator(".alert-success")).ToContainTextAsync("your quote request");
        var number = await buyer.Locator("[data-quote]").First.GetAttributeAsync("data-quote");
        Assert.Matches(QuoteNumber(), number);
        await Expect(buyer.Locator(".alert-success")).ToContainTextAsync(number!);
        return number!;
    }

    /// Inside sales' answer through the service, for a test whose subject is what the buyer does with it.
    private async Task WriteQuoteAsync(string number, decimal price)
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Portal.Data.PortalDbContext>();
        var clerkId = await db.Users.Where(u => u.Email == DemoPortal.Sales).Select(u => u.Id).SingleAsync();
        var lines = await db.Quotes.Where(q => q.Number == number).SelectMany(q => q.Items).CountAsync();
        var outcome = await scope.ServiceProvider.GetRequiredService<Portal.Purchasing.Quotes>()
            .WriteAsync(number, clerkId, Enumerable.Repeat<decimal?>(price, lines).ToList(), Dates.BusinessToday(TimeProvider.System).AddDays(3), null, CancellationToken.None);
        Assert.Null(outcome.Error);
    }

    [GeneratedRegex(@"^Q\d{4}-\d{6}$")]
    private static partial Regex QuoteNumber();
}

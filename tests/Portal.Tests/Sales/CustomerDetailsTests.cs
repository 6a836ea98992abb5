using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Sales;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Sales;

public sealed class CustomerDetailsTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task The_360_view_shows_the_company_its_people_and_its_orders()
    {
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);

        var page = await clerk.GetDocumentAsync("/sales/customers/10001");

        Assert.Equal("Malerbetrieb Kunz", page.QuerySelector("h1")!.TextContent);
        Assert.Contains(DemoPortal.Buyer, page.Body!.TextContent);
        var newest = await portal.WithDbAsync(db => db.Orders.Where(o => o.Customer!.Number == "10001").OrderByDescending(o => o.PlacedAt).Select(o => o.Number).FirstAsync());
        Assert.NotNull(page.QuerySelector($"a[href='/sales/orders/{newest}']"));
        Assert.EndsWith("%", page.QuerySelector("[data-testid=self-service-share]")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_logged_call_is_a_touch_on_the_customer_and_shows_in_the_timeline()
    {
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        var page = await clerk.GetDocumentAsync("/sales/customers/10005");

        var response = await clerk.SubmitAsync(page, "form[action*=Touch]", new Dictionary<string, string> { ["Touch.Kind"] = "Call", ["Touch.Note"] = "Asked about bulk primer prices." });

        HtmlClient.AssertRedirect(response, "/sales/customers/10005");
        var touch = await portal.WithDbAsync(db => db.Touches.SingleAsync(t => t.Note == "Asked about bulk primer prices."));
        Assert.Equal(TouchKind.Call, touch.Kind);
        var after = await clerk.GetDocumentAsync("/sales/customers/10005");
        Assert.Contains("Asked about bulk primer prices.", after.QuerySelector("[data-testid=timeline]")!.TextContent);
    }

    [Theory]
    [InlineData("Call", "")]
    [InlineData("EscalationHandled", "Sneaky")]
    public async Task An_empty_note_or_a_kind_staff_cannot_log_is_refused(string kind, string note)
    {
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        var page = await clerk.GetDocumentAsync("/sales/customers/10004");
        var before = await portal.WithDbAsync(db => db.Touches.CountAsync());

        var response = await clerk.SubmitAsync(page, "form[action*=Touch]", new Dictionary<string, string> { ["Touch.Kind"] = kind, ["Touch.Note"] = note });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains((await HtmlClient.ParseAsync(response)).QuerySelectorAll(".field-error"), e => e.TextContent.Length > 0);
        Assert.Equal(before, await portal.WithDbAsync(db => db.Touches.CountAsync()));
    }

    [Fact]
    public async Task Unknown_customers_are_404_and_buyers_are_refused()
    {
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);

        Assert.Equal(HttpStatusCode.NotFound, (await clerk.Http.GetAsync("/sales/customers/99999")).StatusCode);
        HtmlClient.AssertRedirect(await buyer.Http.GetAsync("/sales/customers/10001"), "/account/access-denied");
    }
}

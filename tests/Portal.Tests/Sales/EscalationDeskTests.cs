using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Identity;
using Portal.Ordering;
using Portal.Sales;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Sales;

public sealed class SalesMailPortal() : MailTestPortal(seedDemo: true);

public sealed class EscalationDeskTests(SalesMailPortal portal) : IClassFixture<SalesMailPortal>
{
    /// A buyer whose order goes over its credit limit: held for review, with an escalation.
    private async Task<(string BuyerEmail, Order Order, Escalation Escalation)> HeldOrderAsync()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync(creditLimit: 50m);
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");
        var checkout = await buyer.GetDocumentAsync("/shop/checkout");
        var placed = await buyer.SubmitAsync(checkout, "main form", new Dictionary<string, string>());
        var location = placed.Headers.Location!.OriginalString;
        var number = location["/shop/orders/".Length..location.IndexOf('?', StringComparison.Ordinal)];
        var order = await portal.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Number == number));
        var escalation = await portal.WithDbAsync(db => db.Escalations.AsNoTracking().SingleAsync(e => e.OrderId == order.Id));
        var email = await portal.WithDbAsync(db => db.Users.Where(u => u.Id == order.PlacedByUserId).Select(u => u.Email!).SingleAsync());
        return (email, order, escalation);
    }

    private async Task<HtmlClient> NewClerkAsync()
    {
        var email = TestAccounts.Unique("clerk");
        await portal.WithScopeAsync<StaffAccounts>(async staff => Assert.True((await staff.CreateAsync(email, "Clerk " + email[..10], Roles.InsideSales, DemoPortal.Password)).Succeeded));
        return await portal.SignedInAsync(email);
    }

    [Fact]
    public async Task A_held_order_appears_in_the_queue_and_in_the_live_count()
    {
        var (_, order, escalation) = await HeldOrderAsync();
        var clerk = await NewClerkAsync();

        var queue = await clerk.GetDocumentAsync("/sales?type=CreditLimit");
        var count = await clerk.Http.GetStringAsync("/sales/escalations/count");

        Assert.Contains(order.Number, queue.QuerySelector("[data-testid=queue]")!.TextContent);
        Assert.NotNull(queue.QuerySelector($"a[href='/sales/escalations/{escalation.Id}']"));
        Assert.Equal(await portal.WithDbAsync(db => db.Escalations.CountAsync(e => e.Status == EscalationStatus.Open)), int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Customers_cannot_read_the_escalation_count_or_pages()
    {
        var buyer = await portal.NewSmallCustomerBuyerAsync();

        Assert.NotEqual(HttpStatusCode.OK, (await buyer.Http.GetAsync("/sales/escalations/count")).StatusCode);
        HtmlClient.AssertRedirect(await buyer.Http.GetAsync("/sales/escalations/1"), "/account/access-denied");
    }

    [Fact]
    public async Task Two_clerks_claiming_at_once_one_wins_and_the_other_is_told()
    {
        var (_, _, escalation) = await HeldOrderAsync();
        var first = await NewClerkAsync();
        var second = await NewClerkAsync();
        var pageOfFirst = await first.GetDocumentAsync($"/sales/escalations/{escalation.Id}");
        var pageOfSecond = await second.GetDocumentAsync($"/sales/escalations/{escalation.Id}");

        var responses = await Task.WhenAll(
            first.SubmitAsync(pageOfFirst, "form[action*=Claim]", new Dictionary<string, string>()),
            second.SubmitAsync(pageOfSecond, "form[action*=Claim]", new Dictionary<string, string>()));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        var loser = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Contains("claimed this escalation a moment before you", (await HtmlClient.ParseAsync(loser)).QuerySelector(".alert-error")!.TextContent);
        Assert.NotNull(await portal.WithDbAsync(db => db.Escalations.Where(e => e.Id == escalation.Id).Select(e => e.ClaimedByUserId).SingleAsync()));
    }

    [Fact]
    public async Task Approving_a_held_order_confirms_it_mails_the_buyer_and_counts_a_touch()
    {
        var (buyerEmail, order, escalation) = await HeldOrderAsync();
        var clerk = await NewClerkAsync();
        var page = await clerk.GetDocumentAsync($"/sales/escalations/{escalation.Id}");
        await clerk.SubmitAsync(page, "form[action*=Claim]", new Dictionary<string, string>());
        page = await clerk.GetDocumentAsync($"/sales/escalations/{escalation.Id}");

        var resolved = await clerk.SubmitAsync(page, "form[action*=Resolve]", new Dictionary<string, string> { ["Outcome"] = "Approved", ["Text"] = "Checked with accounting." });

        HtmlClient.AssertRedirect(resolved, "/sales");
        Assert.Equal(OrderStatus.Confirmed, await portal.WithDbAsync(db => db.Orders.Where(o => o.Id == order.Id).Select(o => o.Status).SingleAsync()));
        await Eventually.TrueAsync(() => Task.FromResult(portal.Smtp.MessagesTo(buyerEmail).Any(m => m.Subject == $"Order {order.Number} confirmed")), "the confirmation after approval");
        var touch = await portal.WithDbAsync(db => db.Touches.SingleAsync(t => t.CustomerId == order.CustomerId));
        Assert.Equal(TouchKind.EscalationHandled, touch.Kind);
        Assert.Equal(EscalationStatus.Resolved, await portal.WithDbAsync(db => db.Escalations.Where(e => e.Id == escalation.Id).Select(e => e.Status).SingleAsync()));
        var number = await portal.WithDbAsync(db => db.Customers.Where(c => c.Id == order.CustomerId).Select(c => c.Number).SingleAsync());
        var view = await clerk.GetDocumentAsync($"/sales/customers/{number}");
        Assert.Contains("Checked with accounting.", view.QuerySelector("[data-testid=timeline]")!.TextContent);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_which_the_buyer_then_reads()
    {
        var (buyerEmail, order, escalation) = await HeldOrderAsync();
        var clerk = await NewClerkAsync();
        var page = await clerk.GetDocumentAsync($"/sales/escalations/{escalation.Id}");
        await clerk.SubmitAsync(page, "form[action*=Claim]", new Dictionary<string, string>());
        page = await clerk.GetDocumentAsync($"/sales/escalations/{escalation.Id}");

        var withoutReason = await clerk.SubmitAsync(page, "form[action*=Resolve]", new Dictionary<string, string> { ["Outcome"] = "Rejected", ["Text"] = "" });
        var withReason = await clerk.SubmitAsync(page, "form[action*=Resolve]", new Dictionary<string, string> { ["Outcome"] = "Rejected", ["Text"] = "Open invoices from March first, please." });

        Assert.Contains("reason for the rejection", (await HtmlClient.ParseAsync(withoutReason)).QuerySelector(".alert-error")!.TextContent);
        HtmlClient.AssertRedirect(withReason, "/sales");
        Assert.Equal(OrderStatus.Cancelled, await portal.WithDbAsync(db => db.Orders.Where(o => o.Id == order.Id).Select(o => o.Status).SingleAsync()));
        await Eventually.TrueAsync(() => Task.FromResult(portal.Smtp.MessagesTo(buyerEmail).Any(m => (m.TextBody ?? "").Contains("Open invoices from March first", StringComparison.Ordinal))), "the rejection with its reason");
    }

    [Fact]
    public async Task An_unclaimed_escalation_cannot_be_resolved()
    {
        var (_, order, escalation) = await HeldOrderAsync();
        var clerk = await NewClerkAsync();
        var page = await clerk.GetDocumentAsync($"/sales/escalations/{escalation.Id}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await clerk.Http.PostAsync($"/sales/escalations/{escalation.Id}?handler=Resolve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Outcome"] = "Approved",
        }));

        Assert.Contains("Claim the escalation", (await HtmlClient.ParseAsync(response)).QuerySelector(".alert-error")!.TextContent);
        Assert.Equal(OrderStatus.AwaitingReview, await portal.WithDbAsync(db => db.Orders.Where(o => o.Id == order.Id).Select(o => o.Status).SingleAsync()));
    }
}

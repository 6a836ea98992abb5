using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Ordering;
using Portal.Purchasing;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;

namespace Portal.Tests.Purchasing;

/// Order limits, monthly budgets and the company admin's approval, through the pages, with mails over real SMTP.
[Collection(MailCollection.Name)]
public sealed class ApprovalTests(MailPortal portal)
{
    [Fact]
    public async Task An_order_above_the_limit_waits_for_the_admin_whose_approval_places_it_for_real_and_keeps_it_touchless()
    {
        var company = await portal.NewCompanyAsync(orderLimit: 100m);
        var cart = await company.Buyer.GetDocumentAsync("/shop/cart");
        Assert.Null(cart.QuerySelector("[data-testid=approval-note]"));

        // 14 packs: 147.70 net goods, above the 100.00 limit; the cart says so before the checkout does.
        await company.Buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "14");
        cart = await company.Buyer.GetDocumentAsync("/shop/cart");
        Assert.Contains("100.00", cart.QuerySelector("[data-testid=order-limit]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(cart.QuerySelector("[data-testid=approval-note]"));
        var checkout = await company.Buyer.GetDocumentAsync("/shop/checkout");
        Assert.NotNull(checkout.QuerySelector("[data-testid=approval-note]"));
        var number = await company.Buyer.CheckOutAsync(checkout);

        var held = await portal.OrderAsync(number);
        Assert.Equal(OrderStatus.AwaitingApproval, held.Status);
        var buyerPage = await company.Buyer.GetDocumentAsync($"/shop/orders/{number}");
        Assert.Equal("Awaiting approval", buyerPage.QuerySelector("[data-testid=status]")!.TextContent.Trim());
        var request = await portal.Smtp.WaitForMessageToAsync(company.AdminEmail);
        Assert.Equal($"Order {number} needs your approval", request.Subject);
        Assert.Contains("above the order limit of €100.00", request.TextBody, StringComparison.Ordinal);
        Assert.Contains(number, (await company.Admin.GetDocumentAsync("/shop/approvals")).QuerySelector($"[data-order='{number}']")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(portal.Smtp.MessagesTo(company.BuyerEmail));

        var approved = await company.Admin.DecideAsync(number, approve: true);

        HtmlClient.AssertRedirect(approved, "/shop/approvals");
        Assert.Equal(OrderStatus.Confirmed, (await portal.OrderAsync(number)).Status);
        var confirmation = await portal.Smtp.WaitForMessageToAsync(company.BuyerEmail);
        Assert.Contains(number, confirmation.Subject, StringComparison.Ordinal);
        Assert.Equal([OrderEventKind.Placed, OrderEventKind.ApprovalRequested, OrderEventKind.Approved], await portal.HistoryAsync(number));
        var history = (await company.Buyer.GetDocumentAsync($"/shop/orders/{number}")).QuerySelector("[data-testid=order-history]")!.TextContent;
        Assert.Contains("Approved", history, StringComparison.Ordinal);
        Assert.Contains("Anna Admin", history, StringComparison.Ordinal);

        // The company's own decision: no escalation and no touch, so the order is still touchless (Insights).
        Assert.Equal(0, await portal.WithDbAsync(db => db.Escalations.CountAsync(e => e.CustomerId == company.CustomerId)));
        Assert.Equal(0, await portal.WithDbAsync(db => db.Touches.CountAsync(t => t.CustomerId == company.CustomerId)));
        Assert.True(held.Channel.IsSelfService());

        // Decided once: a second approval (a reload, another admin) changes nothing.
        await company.Admin.DecideAsync(number, approve: true);
        Assert.Equal(1, await portal.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == company.BuyerEmail)));
    }

    [Fact]
    public async Task A_rejected_order_is_cancelled_and_the_buyer_reads_the_reason_and_a_rejection_needs_one()
    {
        var company = await portal.NewCompanyAsync(orderLimit: 50m);
        var number = await portal.PlaceOrderAsync(company.Buyer);

        var refused = await company.Admin.DecideAsync(number, approve: false, reason: "  ");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotNull((await HtmlClient.ParseAsync(refused)).QuerySelector("[data-testid=reject-error]"));
        Assert.Equal(OrderStatus.AwaitingApproval, (await portal.OrderAsync(number)).Status);

        await company.Admin.DecideAsync(number, approve: false, reason: "We still have 20 buckets in stock.");

        Assert.Equal(OrderStatus.Cancelled, (await portal.OrderAsync(number)).Status);
        var mail = await portal.Smtp.WaitForMessageToAsync(company.BuyerEmail);
        Assert.Equal($"Order {number} was not approved", mail.Subject);
        Assert.Contains("We still have 20 buckets in stock.", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal([OrderEventKind.Placed, OrderEventKind.ApprovalRequested, OrderEventKind.Rejected], await portal.HistoryAsync(number));
        Assert.Contains("We still have 20 buckets in stock.", (await company.Buyer.GetDocumentAsync($"/shop/orders/{number}")).QuerySelector("[data-testid=order-history]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull((await company.Admin.GetDocumentAsync("/shop/approvals")).QuerySelector($"[data-testid=decided] [data-order='{number}']"));
    }

    [Fact]
    public async Task Within_the_budget_orders_go_through_and_the_one_beyond_what_is_left_needs_approval()
    {
        var company = await portal.NewCompanyAsync(monthlyBudget: 200m);

        var first = await portal.PlaceOrderAsync(company.Buyer);
        Assert.Equal(OrderStatus.Confirmed, (await portal.OrderAsync(first)).Status);
        var cart = await AddTenAsync(company);
        Assert.Contains("87.60", cart.QuerySelector("[data-testid=budget-left]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(cart.QuerySelector("[data-testid=approval-note]"));

        var second = await company.Buyer.CheckOutAsync();

        Assert.Equal(OrderStatus.AwaitingApproval, (await portal.OrderAsync(second)).Status);
        var approval = await portal.WithDbAsync(db => db.OrderApprovals.SingleAsync(a => a.Order!.Number == second));
        Assert.Equal((false, true, 87.60m), (approval.OverOrderLimit, approval.BeyondBudget, approval.BudgetLeft));
    }

    [Fact]
    public async Task Limits_are_typed_in_either_number_format_and_bad_amounts_are_refused_at_the_buyer()
    {
        var company = await portal.NewCompanyAsync();

        var bad = await company.SetLimitsAsync(company.BuyerId, "viel", "");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("is not a number", (await HtmlClient.ParseAsync(bad)).QuerySelector("[data-testid=limits-error]")!.TextContent, StringComparison.Ordinal);
        var negative = await company.SetLimitsAsync(company.BuyerId, "-5", "");
        Assert.Contains("0 or more", (await HtmlClient.ParseAsync(negative)).QuerySelector("[data-testid=limits-error]")!.TextContent, StringComparison.Ordinal);

        HtmlClient.AssertRedirect(await company.SetLimitsAsync(company.BuyerId, "1,250.50", "5000"), "/shop/team");

        var buyer = await portal.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == company.BuyerId));
        Assert.Equal((1250.50m, 5000m), (buyer.OrderLimit, buyer.MonthlyBudget));
        HtmlClient.AssertRedirect(await company.SetLimitsAsync(company.BuyerId, "", ""), "/shop/team");
        Assert.Null(await portal.WithDbAsync(db => db.Users.Where(u => u.Id == company.BuyerId).Select(u => u.OrderLimit).SingleAsync()));
    }

    [Fact]
    public async Task Another_companys_approvals_and_buyers_answer_404_and_a_buyer_cannot_approve()
    {
        var company = await portal.NewCompanyAsync(orderLimit: 10m);
        var other = await portal.NewCompanyAsync();
        var number = await portal.PlaceOrderAsync(company.Buyer);

        Assert.Null((await other.Admin.GetDocumentAsync("/shop/approvals")).QuerySelector($"[data-order='{number}']"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.Admin.DecideAsync(number, approve: true)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Admin.DecideAsync(number, approve: false, reason: "No")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await company.SetLimitsAsync(company.BuyerId, "1", "", other.Admin)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Admin.Http.GetAsync($"/shop/orders/{number}")).StatusCode);
        var buyerTry = await company.Buyer.Http.GetAsync("/shop/approvals");
        Assert.NotEqual(HttpStatusCode.OK, buyerTry.StatusCode);

        Assert.Equal(OrderStatus.AwaitingApproval, (await portal.OrderAsync(number)).Status);
        Assert.Equal(10m, await portal.WithDbAsync(db => db.Users.Where(u => u.Id == company.BuyerId).Select(u => u.OrderLimit).SingleAsync()));
    }

    [Fact]
    public async Task Two_admins_approving_at_once_place_the_order_once()
    {
        await ConcurrentApprovals.OneWinsAsync(portal);
    }

    [Fact]
    public async Task Two_orders_of_one_buyer_at_once_do_not_both_fit_the_budget()
    {
        await ConcurrentBudgetOrders.SecondWaitsForApprovalAsync(portal);
    }

    private async Task<AngleSharp.Dom.IDocument> AddTenAsync(PurchasingCompany company)
    {
        await company.Buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");
        return await company.Buyer.GetDocumentAsync("/shop/cart");
    }
}

public static class ConcurrentApprovals
{
    /// Two admins of the company press "Approve" at the same moment: one decision, one confirmation.
    public static async Task OneWinsAsync(PortalFactory portal)
    {
        var company = await portal.NewCompanyAsync(orderLimit: 10m);
        var second = await portal.CreateUserAsync($"second-{company.AdminEmail}", company.CustomerId, global::Portal.Identity.Roles.CustomerAdmin);
        var first = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == company.AdminEmail).Select(u => u.Id).SingleAsync());
        var number = await portal.PlaceOrderAsync(company.Buyer);

        async Task<OrderApprovals.Outcome> ApproveAsync(string adminId)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<OrderApprovals>().ApproveAsync(company.CustomerId, number, adminId, CancellationToken.None);
        }

        var outcomes = await Task.WhenAll(ApproveAsync(first), ApproveAsync(second.Id));

        Assert.Equal([OrderApprovals.Outcome.Done, OrderApprovals.Outcome.AlreadyDecided], outcomes.Order());
        Assert.Equal(OrderStatus.Confirmed, (await portal.OrderAsync(number)).Status);
        Assert.Equal(1, await portal.WithDbAsync(db => db.OrderEvents.CountAsync(e => e.Order!.Number == number && e.Kind == OrderEventKind.Approved)));
        Assert.Equal(1, await portal.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == company.BuyerEmail)));
    }
}

public static class ConcurrentBudgetOrders
{
    /// The buyer's 150 € budget holds one order of ten packs (about 112 €), not two: placed at the same instant, one
    /// is confirmed and the other waits for approval, having counted the first.
    public static async Task SecondWaitsForApprovalAsync(PortalFactory portal)
    {
        var company = await portal.NewCompanyAsync(monthlyBudget: 150m);
        var (packId, productId) = await portal.PackAsync(ShopDriver.WallPaint2L5);

        async Task<OrderPlacement.Result> PlaceAsync(string key)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            var terms = await scope.ServiceProvider.GetRequiredService<CustomerTerms>().ForAsync(company.CustomerId, CancellationToken.None);
            var lines = new CartService.CartView([new CartService.LineView(-1, packId, productId, ShopDriver.WallPaint2L5, "Interior wall paint, white matt", "Bucket 2.5 l", "l", 2.5m, 10, 10.55m, 10.55m, 0.19m, 1, true)]);
            var address = terms.Customer.Addresses.First(a => a.Kind == global::Portal.Customers.AddressKind.Delivery).Id;
            var request = new OrderPlacement.Request(key, address, terms.DeliveryOptions[0].Code, key, null, null);
            return await scope.ServiceProvider.GetRequiredService<OrderPlacement>().PlaceAsync(company.BuyerId, company.CustomerId, request, CancellationToken.None, lines: lines);
        }

        var results = await Task.WhenAll(PlaceAsync("budget-race-1"), PlaceAsync("budget-race-2"));

        Assert.All(results, r => Assert.Equal(OrderPlacement.Outcome.Placed, r.Outcome));
        var statuses = await portal.WithDbAsync(db => db.Orders.Where(o => o.CustomerId == company.CustomerId).Select(o => o.Status).ToListAsync());
        Assert.Equal([OrderStatus.Confirmed, OrderStatus.AwaitingApproval], statuses.OrderBy(s => s == OrderStatus.AwaitingApproval));
        Assert.True(await portal.WithDbAsync(db => db.OrderApprovals.AnyAsync(a => a.CustomerId == company.CustomerId && a.BeyondBudget)));
    }
}

[Trait("Category", "Postgres")]
public sealed class ConcurrentBudgetOrdersOnPostgresTests
{
    [Fact]
    public async Task Two_orders_of_one_buyer_at_once_do_not_both_fit_the_budget_on_PostgreSQL()
    {
        await using var portal = new PortalFactory(DatabaseKind.Postgres);
        await ConcurrentBudgetOrders.SecondWaitsForApprovalAsync(portal);
    }
}

[Trait("Category", "Postgres")]
public sealed class ConcurrentApprovalsOnPostgresTests
{
    [Fact]
    public async Task Two_admins_approving_at_once_place_the_order_once_on_PostgreSQL()
    {
        await using var portal = new PortalFactory(DatabaseKind.Postgres);
        await ConcurrentApprovals.OneWinsAsync(portal);
    }
}

/// Budgets renew at the start of each month in business time (Europe/Berlin), on a clock the test moves.
public sealed class BudgetRenewalTests
{

    private sealed class ClockedPortal(TimeProvider clock) : PortalFactory
    {
        protected override void ConfigureTestServices(IServiceCollection services)
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(clock);
        }
    }

    [Fact]
    public async Task A_budget_used_up_in_March_is_whole_again_from_midnight_on_1_April_in_Berlin()
    {
        // 23:30 in Berlin on 31 March 2026 (summer time, UTC+2): still March there.
        var clock = new SettableClock(new DateTimeOffset(2026, 3, 31, 21, 30, 0, TimeSpan.Zero));
        await using var portal = new ClockedPortal(clock);
        var company = await portal.NewCompanyAsync(monthlyBudget: 150m);
        Assert.Equal(OrderStatus.Confirmed, (await portal.OrderAsync(await portal.PlaceOrderAsync(company.Buyer))).Status);

        // 00:15 in Berlin on 1 April, but still 31 March in UTC: the new month has begun where the business is.
        clock.Set(new DateTimeOffset(2026, 3, 31, 22, 15, 0, TimeSpan.Zero));
        await company.Buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "10");
        Assert.Contains("150.00", (await company.Buyer.GetDocumentAsync("/shop/cart")).QuerySelector("[data-testid=budget-left]")!.TextContent, StringComparison.Ordinal);
        var april = await company.Buyer.CheckOutAsync();
        Assert.Equal("2026-03-31", (await portal.OrderAsync(april)).PlacedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(OrderStatus.Confirmed, (await portal.OrderAsync(april)).Status);

        // A second order in April runs beyond what is left (37.60).
        var beyond = await portal.PlaceOrderAsync(company.Buyer);
        Assert.Equal(OrderStatus.AwaitingApproval, (await portal.OrderAsync(beyond)).Status);
    }
}

using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Customers;
using Portal.Identity;
using Portal.Insights;
using Portal.Localization;
using Portal.Mail;
using Portal.Ordering;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;

namespace Portal.Tests.Insights;

/// A portal without the demo (so every order behind the figures is the test's own) on a clock the test sets, sending
/// over SMTP to the test server. The summary worker stays off as in every test host; the tests run its round.
public class SummaryPortal : MailTestPortal
{
    /// 1 December 2026, 05:30 in Freiburg: the first of the month, half an hour before the summary is due at 06:00.
    public static readonly DateTimeOffset FirstOfDecemberEarly = new(2026, 12, 1, 4, 30, 0, TimeSpan.Zero);

    public SummaryPortal()
        : base(seedDemo: false)
    {
        With("Mail:PublicUrl", "https://portal.example");
    }

    public SettableClock Clock { get; } = new(FirstOfDecemberEarly);

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    }

    public async Task<int> SendDueAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MonthlySummaries>().SendDueAsync(default);
    }

    public Task OptInAsync(PortalUser user) =>
        this.WithScopeAsync<MonthlySummaries>(summaries => summaries.SetOptInAsync(user.Id, true, default));

    public Task<bool> OptedInAsync(string email) =>
        WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.MonthlySummaryEnabled).SingleAsync());

    /// Waits until the sender has handed every summary to these addresses to the SMTP server.
    public Task SummariesSentAsync(params string[] emails) =>
        Eventually.TrueAsync(
            () => WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == "MonthlySummary" && emails.Contains(m.To)).AllAsync(m => m.Status == OutboxStatus.Sent)),
            "every summary was sent");
}

/// The same portal with the summary worker switched on, looking every 200 ms of real time.
public sealed class SummaryWorkerPortal : SummaryPortal
{
    public SummaryWorkerPortal()
    {
        With("Insights:MonthlySummary:Enabled", "true");
        With("Insights:MonthlySummary:CheckInterval", "00:00:00.200");
    }
}

public sealed class MonthlySummaryTests(SummaryPortal portal) : IClassFixture<SummaryPortal>
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    [Fact]
    public async Task Opted_in_staff_get_one_summary_of_last_month_in_their_language_and_nobody_else_gets_one()
    {
        portal.Clock.Set(SummaryPortal.FirstOfDecemberEarly);
        await SeedOctoberAndNovemberAsync();
        var admin = await portal.CreateUserAsync(TestAccounts.Unique("admin"), null, Roles.Admin, displayName: "Anna Admin");
        var sales = await portal.CreateUserAsync(TestAccounts.Unique("sales"), null, Roles.InsideSales, language: "de", displayName: "Jens Innendienst");
        var quiet = await portal.CreateUserAsync(TestAccounts.Unique("pm"), null, Roles.ProductManager);
        var gone = await portal.CreateUserAsync(TestAccounts.Unique("gone"), null, Roles.Admin, active: false);
        var buyer = await portal.CreateUserAsync(TestAccounts.Unique("buyer"), await portal.CreateCustomerAsync("MSB-1", "Buyer's company", Segment.A));
        await portal.OptInAsync(admin);
        await portal.OptInAsync(sales);
        await portal.OptInAsync(gone);
        // A customer account cannot opt in; even with the column set by hand it gets no summary.
        await portal.WithScopeAsync<MonthlySummaries>(async summaries => Assert.False(await summaries.SetOptInAsync(buyer.Id, true, default)));
        await portal.WithDbAsync(db => db.Users.Where(u => u.Id == buyer.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.MonthlySummaryEnabled, true)));

        // 05:30 on the first: not yet. 06:00: due; two instances at once and a later round queue each mail once.
        Assert.Equal(0, await portal.SendDueAsync());
        portal.Clock.Advance(TimeSpan.FromMinutes(30));
        var rounds = await Task.WhenAll(portal.SendDueAsync(), portal.SendDueAsync());
        Assert.Equal(2, rounds.Sum());
        Assert.Equal(0, await portal.SendDueAsync());
        await portal.SummariesSentAsync(admin.Email!, sales.Email!);

        var english = Assert.Single(portal.Smtp.MessagesTo(admin.Email!));
        var german = Assert.Single(portal.Smtp.MessagesTo(sales.Email!));
        Assert.Empty(portal.Smtp.MessagesTo(quiet.Email!));
        Assert.Empty(portal.Smtp.MessagesTo(gone.Email!));
        Assert.Empty(portal.Smtp.MessagesTo(buyer.Email!));
        Assert.Equal(
            [MonthlySummaries.DedupeKey(admin.Id, new DateOnly(2026, 11, 1)), MonthlySummaries.DedupeKey(sales.Id, new DateOnly(2026, 11, 1))],
            await portal.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == "MonthlySummary").OrderBy(m => m.Id).Select(m => m.DedupeKey!).ToListAsync()));
        Assert.Equal($"monthly-summary:{admin.Id}:2026-11", MonthlySummaries.DedupeKey(admin.Id, new DateOnly(2026, 11, 1)));

        // English: class C first, then all classes, then A and B; each figure with its change against October.
        Assert.Equal("November 2026: 80 % of class C orders touchless (▲ +55.0 pp)", english.Subject);
        var text = english.TextBody!.ReplaceLineEndings("\n");
        Assert.Contains("Hello Anna Admin,", text);
        Assert.Contains("the portal's figures for November 2026, each against October 2026.", text);
        var (november, october) = await EconomicsAsync();
        Assert.Equal(
            [
                "Class C",
                "Orders: 5 (▲ +1)",
                "Touchless rate: 80 % (▲ +55.0 pp)",
                $"Cost to serve per order: {Money.Format(november[Segment.C].CostPerOrder, English)} ({Change(november[Segment.C].CostPerOrder - october[Segment.C].CostPerOrder)})",
                $"Handling cost saved: {Money.Format(november[Segment.C].HandlingCostSaved, English)} ({Change(november[Segment.C].HandlingCostSaved - october[Segment.C].HandlingCostSaved)})",
                "Revenue: €100.00 (▲ +€20.00)",
                $"Contribution: {Money.Format(november[Segment.C].Contribution, English)} ({Change(november[Segment.C].Contribution - october[Segment.C].Contribution)})",
                "Self-service adoption: 66.7 % (▲ +33.3 pp)",
            ],
            Block(text, "Class C"));
        // The first C customer ordered by phone only in its first three months on record; moving to the shop saves more in November.
        Assert.InRange(october[Segment.C].HandlingCostSaved, 0.01m, november[Segment.C].HandlingCostSaved - 0.01m);
        var all = Block(text, "All classes");
        Assert.Equal("Orders: 8 (▲ +1)", all[1]);
        Assert.Equal("Touchless rate: 75 % (▲ +46.4 pp)", all[2]);
        Assert.Equal("Revenue: €160.00 (▲ +€20.00)", all[5]);
        Assert.Equal("Orders: 1 (▼ -1)", Block(text, "Class A")[1]);
        Assert.Equal("Touchless rate: 0 % (±0.0 pp)", Block(text, "Class A")[2]);
        Assert.Equal("Revenue: €40.00 (▲ +€20.00)", Block(text, "Class B")[5]);
        Assert.Contains("https://portal.example/insights\n", text);
        Assert.Contains("https://portal.example/insights#monthly-summary", text);

        // The HTML reads on a phone: one column, the class C headline first, then a two-column table per class.
        var html = WebUtility.HtmlDecode(english.HtmlBody!);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html);
        Assert.True(html.IndexOf("data-part=\"headline\"", StringComparison.Ordinal) < html.IndexOf("data-class=\"C\"", StringComparison.Ordinal));
        Assert.Contains("href=\"https://portal.example/insights\"", html);
        Assert.Contains("▲ +55.0 pp", html);

        // German, in German numbers.
        Assert.Equal("November 2026: 80 % der Bestellungen der Klasse C ohne Handgriff (▲ +55,0 Pp.)", german.Subject);
        var deutsch = german.TextBody!.ReplaceLineEndings("\n");
        Assert.Contains("Hallo Jens Innendienst,", deutsch);
        var klasseC = Block(deutsch, "Klasse C");
        Assert.Equal("Bestellungen: 5 (▲ +1)", klasseC[1]);
        Assert.Equal("Anteil ohne Handgriff: 80 % (▲ +55,0 Pp.)", klasseC[2]);
        Assert.StartsWith("Eingesparte Bearbeitungskosten: ", klasseC[4]);
        Assert.Equal("Umsatz: 100,00 € (▲ +20,00 €)", klasseC[5]);
        Assert.Equal("Nutzung der Selbstbedienung: 66,7 % (▲ +33,3 Pp.)", klasseC[7]);
        Assert.Equal("Umsatz: 160,00 € (▲ +20,00 €)", Block(deutsch, "Alle Klassen")[5]);
    }

    [Fact]
    public async Task Staff_switch_the_summary_on_and_off_on_the_insights_page_with_the_antiforgery_token()
    {
        var email = TestAccounts.Unique("pm");
        await portal.CreateUserAsync(email, null, Roles.ProductManager);
        var pm = await portal.SignedInAsync(email);

        var page = await pm.GetDocumentAsync("/insights");
        Assert.False(page.QuerySelector("#monthly-summary-enabled")!.HasAttribute("checked"));
        HtmlClient.AssertRedirect(await pm.SubmitAsync(page, "#monthly-summary", new Dictionary<string, string> { ["enabled"] = "true" }), "/insights");
        Assert.True(await portal.OptedInAsync(email));
        page = await pm.GetDocumentAsync("/insights");
        Assert.True(page.QuerySelector("#monthly-summary-enabled")!.HasAttribute("checked"));
        Assert.Contains("You will get the monthly summary by mail on the first of each month.", page.QuerySelector("[role=status]")!.TextContent);

        // Without the token nothing changes.
        var forged = await pm.Http.PostAsync("/insights?handler=MonthlySummary", new FormUrlEncodedContent(new Dictionary<string, string> { ["enabled"] = "false" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.True(await portal.OptedInAsync(email));

        // htmx: unticking the box posts the form and gets the form back.
        var form = page.QuerySelector("#monthly-summary")!;
        var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("hx-post"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["enabled"] = "false",
                ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            }),
        };
        request.Headers.Add("HX-Request", "true");
        var response = await pm.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = await HtmlClient.ParseAsync(response);
        Assert.Null(partial.QuerySelector("main"));
        Assert.False(partial.QuerySelector("#monthly-summary-enabled")!.HasAttribute("checked"));
        Assert.Contains("You will no longer get the monthly summary by mail.", partial.QuerySelector("[role=status]")!.TextContent);
        Assert.False(await portal.OptedInAsync(email));
    }

    [Fact]
    public async Task A_customer_cannot_reach_the_switch()
    {
        var email = TestAccounts.Unique("buyer");
        await portal.CreateUserAsync(email, await portal.CreateCustomerAsync($"MS{Guid.NewGuid():N}"[..10], "Buyer company", Segment.A));
        var buyer = await portal.SignedInAsync(email);
        var shop = await buyer.GetDocumentAsync("/shop");
        var token = shop.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        HtmlClient.AssertRedirect(await buyer.Http.GetAsync("/insights"), "/account/access-denied");
        var response = await buyer.Http.PostAsync("/insights?handler=MonthlySummary", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["enabled"] = "true",
            ["__RequestVerificationToken"] = token,
        }));

        HtmlClient.AssertRedirect(response, "/account/access-denied");
        Assert.False(await portal.OptedInAsync(email));
    }

    /// October (the month before): C 4 orders, 1 touchless; A 2 phone orders; B 1 shop order.
    /// November: C 5 orders, 4 touchless (and a cancelled one that does not count); A 1 phone order; B 2 shop orders.
    /// A third C customer never orders, so adoption is 1 of 3 at October's end and 2 of 3 at November's. The first C
    /// customer ordered by phone in June, July and August: its baseline for the handling cost saved.
    private async Task SeedOctoberAndNovemberAsync()
    {
        var first = await portal.CreateCustomerAsync("MSC-1", "Malerei Eins", Segment.C);
        var second = await portal.CreateCustomerAsync("MSC-2", "Malerei Zwei", Segment.C);
        await portal.CreateCustomerAsync("MSC-3", "Malerei Drei", Segment.C);
        var large = await portal.CreateCustomerAsync("MSA-1", "Großbau AG", Segment.A);
        var middle = await portal.CreateCustomerAsync("MSB-2", "Mittelbau GmbH", Segment.B);
        var october = new DateTimeOffset(2026, 10, 15, 9, 0, 0, TimeSpan.Zero);
        var november = new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);
        await portal.WithDbAsync(db =>
        {
            Order NewOrder(int customerId, DateTimeOffset at, OrderChannel channel, OrderStatus status = OrderStatus.Confirmed) => new()
            {
                Number = $"MS-{Guid.NewGuid():N}"[..20],
                CustomerId = customerId,
                PlacedAt = at,
                Channel = channel,
                Status = status,
                SubtotalNet = 20m,
                TotalGross = 23.80m,
                Lines = [new OrderLine { LineNumber = 1, Sku = "MS-1", Description = "Wall paint", Quantity = 2, UnitPrice = 10m, CostPrice = 6m, LineNet = 20m, TaxRate = 0.19m }],
            };
            db.Orders.AddRange(
                NewOrder(first, october.AddMonths(-4), OrderChannel.Phone),
                NewOrder(first, october.AddMonths(-3), OrderChannel.Phone),
                NewOrder(first, october.AddMonths(-2), OrderChannel.Phone),
                NewOrder(first, october, OrderChannel.Phone),
                NewOrder(first, october, OrderChannel.Phone),
                NewOrder(first, october, OrderChannel.Shop),
                NewOrder(second, october, OrderChannel.Phone),
                NewOrder(large, october, OrderChannel.Phone),
                NewOrder(large, october, OrderChannel.Phone),
                NewOrder(middle, october, OrderChannel.Shop),
                NewOrder(first, november, OrderChannel.Shop),
                NewOrder(first, november, OrderChannel.Shop),
                NewOrder(first, november, OrderChannel.ReorderList),
                NewOrder(first, november, OrderChannel.Phone),
                NewOrder(first, november, OrderChannel.Shop, OrderStatus.Cancelled),
                NewOrder(second, november, OrderChannel.QuickOrder),
                NewOrder(large, november, OrderChannel.Phone),
                NewOrder(middle, november, OrderChannel.Shop),
                NewOrder(middle, november, OrderChannel.Shop));
            return db.SaveChangesAsync();
        });
    }

    private async Task<(Dictionary<Segment, MonthlyEconomics.Row> November, Dictionary<Segment, MonthlyEconomics.Row> October)> EconomicsAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<MonthlyEconomics>().MonthsAsync(3, new MonthlyEconomics.Filter(), default);
        Assert.Equal(new DateOnly(2026, 12, 1), rows[^1].Month);
        return (rows.Where(r => r.Month == new DateOnly(2026, 11, 1)).ToDictionary(r => r.Segment),
            rows.Where(r => r.Month == new DateOnly(2026, 10, 1)).ToDictionary(r => r.Segment));
    }

    private static string Change(decimal difference) => difference switch
    {
        > 0 => "▲ +" + Money.Format(difference, English),
        < 0 => "▼ -" + Money.Format(-difference, English),
        _ => "±" + Money.Format(0m, English),
    };

    /// The lines of one block of the plain-text mail, its title first.
    private static List<string> Block(string text, string title) =>
        text.Split("\n\n").Select(b => b.Split('\n').ToList()).Single(lines => lines[0] == title);
}

public sealed class MonthlySummaryWorkerTests(SummaryWorkerPortal portal) : IClassFixture<SummaryWorkerPortal>
{
    [Fact]
    public async Task The_worker_mails_the_summary_once_it_is_due_on_the_first()
    {
        var admin = await portal.CreateUserAsync(TestAccounts.Unique("admin"), null, Roles.Admin);
        await portal.OptInAsync(admin);
        Assert.Empty(portal.Smtp.MessagesTo(admin.Email!));

        portal.Clock.Advance(TimeSpan.FromHours(1));
        var mail = await portal.Smtp.WaitForMessageToAsync(admin.Email!);

        Assert.Equal("Monthly summary for November 2026", mail.Subject);
        await portal.SummariesSentAsync(admin.Email!);
        Assert.Equal(1, await portal.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == admin.Email && m.Kind == "MonthlySummary")));
    }
}

using System.Net;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MimeKit;
using Portal.Care.Campaigns;
using Portal.Customers;
using Portal.Identity;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;

namespace Portal.Tests.Care;

/// The demo portal sending campaigns on its own (every 100 ms, two mails a batch) while the test moves "now".
public sealed class CampaignPortal : MailTestPortal
{
    public CampaignPortal()
    {
        With("Mail:PublicUrl", "https://portal.example");
        WithFastCampaigns(this);
    }

    public SettableClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public static void WithFastCampaigns(PortalFactory portal) => portal
        .With("Care:Campaigns:PollInterval", "00:00:00.100")
        .With("Care:Campaigns:BatchSize", "2")
        .With("Care:Campaigns:BatchInterval", "00:00:00");

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    }
}

/// A rep of the test's own with a class-C and a class-B company (so an audience by rep and class is the test's alone).
public sealed record CampaignCompanies(PortalUser Rep, TestCompany C, string CColleague, TestCompany B);

public static class CampaignDriver
{
    public static async Task<CampaignCompanies> CompaniesAsync(this CampaignPortal portal)
    {
        var rep = await portal.CreateUserAsync(TestAccounts.Unique("rep"), null, Roles.InsideSales, displayName: $"Rep {Guid.NewGuid():N}"[..12]);
        var c = await portal.NewCompanyAsync();
        var colleague = TestAccounts.Unique("kollegin");
        await portal.CreateUserAsync(colleague, c.CustomerId, language: "de", displayName: "Karla Kollegin");
        var b = await portal.NewCompanyAsync();
        await portal.WithDbAsync(db => db.Customers.Where(x => x.Id == c.CustomerId || x.Id == b.CustomerId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.AssignedRepId, rep.Id).SetProperty(x => x.Segment, x => x.Id == b.CustomerId ? Segment.B : Segment.C)));
        return new CampaignCompanies(rep, c, colleague, b);
    }

    /// Fills in the "New campaign" form as a clerk does and presses a button ("Send", "Schedule", "Preview").
    public static async Task<HttpResponseMessage> SubmitCampaignAsync(this HtmlClient clerk, string handler, Dictionary<string, string> fields)
    {
        var form = await clerk.GetDocumentAsync("/sales/care/campaigns/new");
        var element = form.QuerySelector("form.campaign-form")!;
        // What the pressed button's formaction does in a browser.
        element.SetAttribute("action", form.QuerySelector($"button[formaction*='handler={handler}']")!.GetAttribute("formaction")!);
        return await clerk.SubmitAsync(form, "form.campaign-form", fields);
    }

    public static long CampaignId(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/sales/care/campaigns/", location, StringComparison.Ordinal);
        return long.Parse(location["/sales/care/campaigns/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task SentAsync(this PortalFactory portal, long campaignId) =>
        Eventually.TrueAsync(
            () => portal.WithDbAsync(async db => await db.Campaigns.AnyAsync(c => c.Id == campaignId && c.Status == CampaignStatus.Sent)
                && await db.CampaignRecipients.Where(r => r.CampaignId == campaignId && r.Status == CampaignRecipientStatus.Queued)
                    .AllAsync(r => db.OutboxMessages.Any(m => m.DedupeKey == r.MailKey && m.Status == Portal.Mail.OutboxStatus.Sent))),
            $"campaign {campaignId} is sent");

    public static string Figure(this IDocument page, string name) => page.QuerySelector($"[data-testid=campaign-figures] [data-testid={name}]")!.TextContent.Trim();

    /// The first tracked link of a campaign mail.
    public static string TrackedLink(MimeMessage mail)
    {
        var match = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https://portal\.example(/c/[A-Za-z0-9_-]+\?to=\S+)");
        Assert.True(match.Success, "no tracked link in:\n" + mail.TextBody);
        return match.Groups[1].Value;
    }
}

public sealed class CampaignTests(CampaignPortal portal) : IClassFixture<CampaignPortal>
{
    private HttpClient Anonymous() => portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    [Fact]
    public async Task Only_class_C_contacts_get_it_unsubscribed_ones_are_skipped_next_time_and_an_order_after_a_click_counts()
    {
        var companies = await portal.CompaniesAsync();
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        var fields = new Dictionary<string, string>
        {
            ["Input.Subject"] = "Spring offer for {company}",
            ["Input.SubjectDe"] = "Frühlingsangebot für {company}",
            ["Input.Segment"] = "C",
            ["Input.RepId"] = companies.Rep.Id,
            ["Input.Skus"] = ShopDriver.WallPaint2L5,
        };
        var first = CampaignDriver.CampaignId(await clerk.SubmitCampaignAsync("Send", fields));
        await portal.SentAsync(first);

        var cName = await portal.WithDbAsync(db => db.Customers.Where(c => c.Id == companies.C.CustomerId).Select(c => c.Name).SingleAsync());
        var english = Assert.Single(portal.Smtp.MessagesTo(companies.C.BuyerEmail));
        var german = Assert.Single(portal.Smtp.MessagesTo(companies.CColleague));
        Assert.Equal($"Spring offer for {cName}", english.Subject);
        Assert.Equal($"Frühlingsangebot für {cName}", german.Subject);
        foreach (var mail in new[] { english, german })
        {
            Assert.Matches("^<https://portal\\.example/unsubscribe/[A-Za-z0-9_-]{43}>$", mail.Headers["List-Unsubscribe"]);
            Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
            Assert.Contains(ShopDriver.WallPaint2L5, mail.TextBody, StringComparison.Ordinal);
        }

        // The class-B company of the same rep is not in the audience; nobody outside the class-C company got it.
        Assert.Empty(portal.Smtp.MessagesTo(companies.B.BuyerEmail));
        Assert.Equal(2, portal.Smtp.Messages.Count(m => m.Subject!.EndsWith(cName, StringComparison.Ordinal)));

        // A click: recorded, then into the shop (which asks for a sign-in as always).
        var anonymous = Anonymous();
        var click = await anonymous.GetAsync(CampaignDriver.TrackedLink(english));
        Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);
        Assert.StartsWith("/shop/", click.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/c/not-a-token")).StatusCode);
        // The target is only ever the shop (this is a second click of the same contact).
        var elsewhere = await anonymous.GetAsync(CampaignDriver.TrackedLink(english).Split('?')[0] + "?to=https://evil.example/");
        Assert.Equal("/shop/catalog", elsewhere.Headers.Location!.OriginalString);

        // The English buyer unsubscribes with the one-click POST.
        var unsubscribe = new Uri(english.Headers["List-Unsubscribe"]!.Trim('<', '>'));
        var posted = await anonymous.PostAsync(unsubscribe.PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        // The next campaign skips them and still reaches the colleague ...
        fields["Input.Subject"] = "Autumn offer for {company}";
        fields["Input.SubjectDe"] = "Herbstangebot für {company}";
        var second = CampaignDriver.CampaignId(await clerk.SubmitCampaignAsync("Send", fields));
        await portal.SentAsync(second);
        Assert.Single(portal.Smtp.MessagesTo(companies.CColleague), m => m.Subject == $"Herbstangebot für {cName}");
        Assert.DoesNotContain(portal.Smtp.MessagesTo(companies.C.BuyerEmail), m => m.Subject!.StartsWith("Autumn", StringComparison.Ordinal));
        var page = await clerk.GetDocumentAsync($"/sales/care/campaigns/{second}");
        Assert.Equal(("2", "1", "1"), (page.Figure("recipients"), page.Figure("sent"), page.Figure("skipped")));

        // ... while their order confirmation still arrives; the order, placed right after the click, counts for the first campaign.
        await companies.C.Buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "3");
        var number = await companies.C.Buyer.PlaceOrderAsync();
        await Eventually.TrueAsync(() => Task.FromResult(portal.Smtp.MessagesTo(companies.C.BuyerEmail).Any(m => m.Subject!.StartsWith($"Order {number} ", StringComparison.Ordinal))), "the order mail arrived");
        var net = await portal.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => o.SubtotalNet).SingleAsync());

        // 15 days on, an order no longer counts for the click.
        portal.Clock.Advance(TimeSpan.FromDays(15));
        var buyer = await portal.SignedInAsync(companies.C.BuyerEmail);
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "4");
        await buyer.PlaceOrderAsync();

        clerk = await portal.SignedInAsync(DemoPortal.Sales);
        page = await clerk.GetDocumentAsync($"/sales/care/campaigns/{first}");
        Assert.Equal(("2", "2", "0", "2", "1"), (page.Figure("recipients"), page.Figure("sent"), page.Figure("skipped"), page.Figure("clicks"), page.Figure("orders")));
        Assert.Equal(Portal.Localization.Money.Format(net, System.Globalization.CultureInfo.GetCultureInfo("en")), page.Figure("revenue"));
        Assert.Contains(number, page.QuerySelector("[data-testid=attributed-orders]")!.TextContent, StringComparison.Ordinal);
        page = await clerk.GetDocumentAsync($"/sales/care/campaigns/{second}");
        Assert.Equal(("0", "0"), (page.Figure("clicks"), page.Figure("orders")));
    }

    [Fact]
    public async Task Of_two_clicked_campaigns_the_latest_click_gets_the_order_and_it_counts_once()
    {
        var companies = await portal.CompaniesAsync();
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        var fields = new Dictionary<string, string> { ["Input.Subject"] = "One {company}", ["Input.SubjectDe"] = "Eins {company}", ["Input.Segment"] = "C", ["Input.RepId"] = companies.Rep.Id };
        var one = CampaignDriver.CampaignId(await clerk.SubmitCampaignAsync("Send", fields));
        fields["Input.Subject"] = "Two {company}";
        fields["Input.SubjectDe"] = "Zwei {company}";
        var two = CampaignDriver.CampaignId(await clerk.SubmitCampaignAsync("Send", fields));
        await portal.SentAsync(one);
        await portal.SentAsync(two);
        var mails = portal.Smtp.MessagesTo(companies.C.BuyerEmail);
        var anonymous = Anonymous();
        await anonymous.GetAsync(CampaignDriver.TrackedLink(mails.Single(m => m.Subject!.StartsWith("Two", StringComparison.Ordinal))));
        portal.Clock.Advance(TimeSpan.FromDays(2));
        await anonymous.GetAsync(CampaignDriver.TrackedLink(mails.Single(m => m.Subject!.StartsWith("One", StringComparison.Ordinal))));
        portal.Clock.Advance(TimeSpan.FromDays(1));
        var buyer = await portal.SignedInAsync(companies.C.BuyerEmail);
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "3");
        await buyer.PlaceOrderAsync();

        Assert.Equal("1", (await clerk.GetDocumentAsync($"/sales/care/campaigns/{one}")).Figure("orders"));
        Assert.Equal("0", (await clerk.GetDocumentAsync($"/sales/care/campaigns/{two}")).Figure("orders"));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_message_and_keeps_what_was_typed()
    {
        var companies = await portal.CompaniesAsync();
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        var before = await portal.WithDbAsync(db => db.Campaigns.CountAsync());

        var empty = await HtmlClient.ParseAsync(await clerk.SubmitCampaignAsync("Send", new() { ["Input.Subject"] = " ", ["Input.Body"] = "Kept {company}" }));
        Assert.Equal("Please enter a subject.", empty.QuerySelector("[data-valmsg-for='Input.Subject']")!.TextContent.Trim());
        Assert.Equal("Kept {company}", empty.QuerySelector("textarea[name='Input.Body']")!.TextContent.Trim());

        var date = await HtmlClient.ParseAsync(await clerk.SubmitCampaignAsync("Send", new() { ["Input.Subject"] = "Dated", ["Input.NotOrderedSince"] = "31.13.2025" }));
        Assert.Equal("\"31.13.2025\" is not a date. Please write it like 31 Dec 2025.", date.QuerySelector("[data-valmsg-for='Input.NotOrderedSince']")!.TextContent.Trim());
        Assert.Equal("31.13.2025", date.QuerySelector("input[name='Input.NotOrderedSince']")!.GetAttribute("value"));

        var sku = await HtmlClient.ParseAsync(await clerk.SubmitCampaignAsync("Send", new() { ["Input.Subject"] = "Articles", ["Input.Skus"] = "P110-2, NOPE-1" }));
        Assert.Equal("No article with the number NOPE-1.", sku.QuerySelector("[data-valmsg-for='Input.Skus']")!.TextContent.Trim());

        // A rep with no companies: nobody in the audience.
        var lonely = await portal.CreateUserAsync(TestAccounts.Unique("lonely"), null, Roles.InsideSales, displayName: "Lonely Rep");
        var nobody = await HtmlClient.ParseAsync(await clerk.SubmitCampaignAsync("Send", new() { ["Input.Subject"] = "To nobody", ["Input.RepId"] = lonely.Id }));
        Assert.Contains("No contact matches this audience. Nothing was sent", nobody.QuerySelector("[data-testid=campaign-error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("To nobody", nobody.QuerySelector("input[name='Input.Subject']")!.GetAttribute("value"));

        var past = await HtmlClient.ParseAsync(await clerk.SubmitCampaignAsync("Schedule", new() { ["Input.Subject"] = "Late", ["Input.SendAt"] = "2020-01-01T09:00" }));
        Assert.Equal("Please choose a time in the future, or send it now.", past.QuerySelector("[data-valmsg-for='Input.SendAt']")!.TextContent.Trim());
        Assert.Equal(before, await portal.WithDbAsync(db => db.Campaigns.CountAsync()));

        // Dates in either language are read: the audience count comes with the preview.
        foreach (var typed in new[] { "01.02.2020", "1 Feb 2020", "2020-02-01" })
        {
            var preview = await HtmlClient.ParseAsync(await clerk.SubmitCampaignAsync("Preview", new() { ["Input.Subject"] = "Preview {company}", ["Input.Segment"] = "C", ["Input.RepId"] = companies.Rep.Id, ["Input.NotOrderedSince"] = typed }));
            Assert.Equal("2 contacts in 1 companies", preview.QuerySelector("[data-testid=audience-count]")!.TextContent.Trim());
        }
    }

    [Fact]
    public async Task The_preview_shows_the_mail_as_the_chosen_contact_reads_it_and_a_scheduled_campaign_waits_for_its_time()
    {
        var companies = await portal.CompaniesAsync();
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        var colleague = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == companies.CColleague).Select(u => u.Id).SingleAsync());
        var fields = new Dictionary<string, string> { ["Input.Subject"] = "Hi {contact}", ["Input.SubjectDe"] = "Hallo {contact}", ["Input.Segment"] = "C", ["Input.RepId"] = companies.Rep.Id, ["Input.Skus"] = ShopDriver.WallPaint2L5, ["Input.PreviewAs"] = colleague };
        var preview = await HtmlClient.ParseAsync(await clerk.SubmitCampaignAsync("Preview", fields));
        Assert.Equal("Hallo Karla Kollegin", preview.QuerySelector("[data-testid=preview-subject]")!.TextContent);
        Assert.Contains("Ihr Preis (netto)", preview.QuerySelector("[data-testid=preview] pre")!.TextContent, StringComparison.Ordinal);

        var at = Portal.Localization.Dates.ToBusinessTime(portal.Clock.GetUtcNow().AddDays(1));
        fields["Input.SendAt"] = at.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var id = CampaignDriver.CampaignId(await clerk.SubmitCampaignAsync("Schedule", fields));
        var page = await clerk.GetDocumentAsync($"/sales/care/campaigns/{id}");
        Assert.Equal("Scheduled", page.QuerySelector("[data-testid=campaign-figures] [data-testid=status]")!.TextContent);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CampaignSender>().RunOnceAsync(default);
        }

        Assert.Equal(CampaignStatus.Scheduled, await portal.WithDbAsync(db => db.Campaigns.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()));
        portal.Clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromMinutes(1)));
        await portal.SentAsync(id);
        Assert.Single(portal.Smtp.MessagesTo(companies.CColleague), m => m.Subject == "Hallo Karla Kollegin");
    }

    [Fact]
    public async Task A_buyer_cannot_open_the_campaigns()
    {
        var company = await portal.NewCompanyAsync();
        HtmlClient.AssertRedirect(await company.Buyer.Http.GetAsync("/sales/care/campaigns"), "/account/access-denied");
        HtmlClient.AssertRedirect(await company.Buyer.Http.GetAsync("/sales/care/campaigns/new"), "/account/access-denied");
    }
}

/// Two portal instances on one PostgreSQL database, both running the campaign sender and the mail sender: every
/// contact gets the campaign mail exactly once.
[Trait("Category", "Postgres")]
public sealed class PostgresCampaignTests : IAsyncLifetime, IDisposable
{
    private readonly string database = $"portal_test_{Guid.NewGuid():N}";
    private MailTestPortal? first;
    private MailTestPortal? second;

    public Task InitializeAsync()
    {
        first = new MailTestPortal(DatabaseKind.Postgres, seedDemo: false, sharedDatabase: database);
        CampaignPortal.WithFastCampaigns(first);
        _ = first.Services;
        second = new MailTestPortal(DatabaseKind.Postgres, seedDemo: false, sharedDatabase: database, smtp: first.Smtp) { DropDatabaseOnDispose = false };
        CampaignPortal.WithFastCampaigns(second);
        _ = second.Services;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        second?.Dispose();
        first?.Dispose();
    }

    [Fact]
    public async Task With_two_instances_each_contact_gets_the_campaign_once()
    {
        var first = this.first!;
        var emails = new List<string>();
        for (var company = 0; company < 6; company++)
        {
            var id = await first.CreateCustomerAsync($"PG{company}{Guid.NewGuid():N}"[..12], $"Postgres Malerei {company}");
            for (var user = 0; user < 5; user++)
            {
                var email = TestAccounts.Unique("pg-contact");
                await first.CreateUserAsync(email, id);
                emails.Add(email);
            }
        }

        long campaign;
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var (id, errors) = await scope.ServiceProvider.GetRequiredService<CampaignDesk>()
                .CreateAsync(new CampaignDraft("Twice? {company}", "Hello {contact}", null, null, null, Segment.C, null, null, null, true, null), "test", default);
            Assert.Empty(errors);
            campaign = id!.Value;
        }

        await first.SentAsync(campaign);
        Assert.Equal(30, await first.WithDbAsync(db => db.CampaignRecipients.CountAsync(r => r.CampaignId == campaign && r.Status == CampaignRecipientStatus.Queued)));
        Assert.Equal(30, await first.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == CampaignDesk.MailKind)));
        await Eventually.TrueAsync(() => Task.FromResult(first.Smtp.Messages.Count(m => m.Subject!.StartsWith("Twice?", StringComparison.Ordinal)) >= 30), "30 mails arrived");
        var received = first.Smtp.Messages.Where(m => m.Subject!.StartsWith("Twice?", StringComparison.Ordinal)).Select(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.Equal(emails.Order(), received.Order());
    }
}

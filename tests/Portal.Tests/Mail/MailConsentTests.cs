using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;

namespace Portal.Tests.Mail;

/// Campaign and care mail (here the reorder reminder, the first care mail) carries a one-click unsubscribe; an
/// unsubscribed address gets no more of it while its order mails still arrive; the buyer opts back in on their account.
public sealed class MailConsentTests(ReminderPortal portal) : IClassFixture<ReminderPortal>
{
    private async Task<(TestCompany Company, string ListName, string ListPath)> OverdueCompanyAsync()
    {
        var company = await portal.NewCompanyAsync();
        var now = portal.Clock.GetUtcNow();
        foreach (var daysAgo in new[] { 90, 60, 30 })
        {
            await portal.SeedOrderAsync(company, now.AddDays(-daysAgo), (ShopDriver.WallPaint2L5, 10));
        }

        var lastOrder = await portal.WithDbAsync(db => db.Orders.Where(o => o.CustomerId == company.CustomerId).OrderByDescending(o => o.PlacedAt).Select(o => o.Number).FirstAsync());
        var name = $"Paint {company.Number}";
        var path = await company.Buyer.SaveOrderAsListAsync(lastOrder, name);
        return (company, name, path);
    }

    private static HttpClient Anonymous(ReminderPortal portal) =>
        portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    [Fact]
    public async Task A_care_mail_carries_one_click_unsubscribe_and_after_the_post_only_transactional_mail_arrives()
    {
        var (company, listName, listPath) = await OverdueCompanyAsync();
        portal.Clock.Advance(TimeSpan.FromDays(8));
        await portal.RunRemindersOnceAsync();

        var mail = await portal.Smtp.WaitForMessageToAsync(company.BuyerEmail);
        Assert.Equal($"Time to reorder: {listName}", mail.Subject);
        var header = mail.Headers["List-Unsubscribe"]!;
        Assert.Matches("^<https://portal\\.example/unsubscribe/[A-Za-z0-9_-]{43}>$", header);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        var link = new Uri(header.Trim('<', '>'));
        Assert.Contains(link.AbsoluteUri, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{link.AbsoluteUri}\"", mail.HtmlBody, StringComparison.Ordinal);

        // A link scanner's GET only asks.
        var anonymous = Anonymous(portal);
        var asked = await anonymous.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains(company.BuyerEmail, await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await UnsubscribedAsync(company.BuyerEmail));

        // RFC 8058: the mail client POSTs this body, without cookies or an antiforgery token.
        var posted = await anonymous.PostAsync(link.PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.True(await UnsubscribedAsync(company.BuyerEmail));

        // The next overdue period: no reminder for the unsubscribed buyer ...
        await portal.OutboxDrainedAsync(company.BuyerEmail);
        portal.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, await portal.RunRemindersOnceAsync());

        // ... while the order confirmation still arrives.
        // Signed in anew: the clock moved past the sign-in's lifetime.
        var buyer = await portal.SignedInAsync(company.BuyerEmail);
        var list = await buyer.GetDocumentAsync(listPath);
        await buyer.SubmitAsync(list, "form[action*='AddAll']", new Dictionary<string, string>());
        var number = await buyer.PlaceOrderAsync();
        await Eventually.TrueAsync(() => Task.FromResult(portal.Smtp.MessagesTo(company.BuyerEmail).Any(m => m.Subject == $"Order {number} received")), "the order mail arrived");
        await portal.OutboxDrainedAsync(company.BuyerEmail);
        var confirmation = portal.Smtp.MessagesTo(company.BuyerEmail).Single(m => m.Subject == $"Order {number} received");
        Assert.Null(confirmation.Headers["List-Unsubscribe"]);
        Assert.Single(portal.Smtp.MessagesTo(company.BuyerEmail), m => m.Subject!.StartsWith("Time to reorder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_token_answers_404_and_changes_nothing()
    {
        var anonymous = Anonymous(portal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/unsubscribe/not-a-token")).StatusCode);
        var posted = await anonymous.PostAsync("/unsubscribe/not-a-token", new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
    }

    [Fact]
    public async Task The_buyer_unsubscribes_and_opts_back_in_on_their_account_page_and_the_360_view_shows_it()
    {
        var (company, _, _) = await OverdueCompanyAsync();
        var account = await company.Buyer.GetDocumentAsync("/shop/account");
        Assert.Equal("You receive these mails.", account.QuerySelector("[data-testid=campaign-mail-state]")!.TextContent.Trim());

        var response = await company.Buyer.SubmitAsync(account, "form[action*='handler=CampaignMail']", new Dictionary<string, string>());
        HtmlClient.AssertRedirect(response, "/shop/account");
        account = await company.Buyer.GetDocumentAsync("/shop/account");
        Assert.Equal("You have unsubscribed from these mails.", account.QuerySelector("[data-testid=campaign-mail-state]")!.TextContent.Trim());
        Assert.True(await UnsubscribedAsync(company.BuyerEmail));

        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        var view = await clerk.GetDocumentAsync($"/sales/customers/{company.Number}");
        Assert.Equal("Campaign mails: unsubscribed", Assert.Single(view.QuerySelectorAll("[data-testid=campaign-mail]")).TextContent.Trim());

        // An unsubscribed buyer gets no reminder; after opting back in, the next one comes with its headers.
        portal.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(0, await portal.RunRemindersOnceAsync());
        response = await company.Buyer.SubmitAsync(account, "form[action*='handler=CampaignMail']", new Dictionary<string, string>());
        HtmlClient.AssertRedirect(response, "/shop/account");
        Assert.False(await UnsubscribedAsync(company.BuyerEmail));
        view = await clerk.GetDocumentAsync($"/sales/customers/{company.Number}");
        Assert.Equal("Campaign mails: yes", Assert.Single(view.QuerySelectorAll("[data-testid=campaign-mail]")).TextContent.Trim());
        Assert.Equal(1, await portal.RunRemindersOnceAsync());
        var mail = await portal.Smtp.WaitForMessageToAsync(company.BuyerEmail);
        Assert.StartsWith("<https://portal.example/unsubscribe/", mail.Headers["List-Unsubscribe"], StringComparison.Ordinal);
    }

    private Task<bool> UnsubscribedAsync(string email) =>
        portal.WithDbAsync(db => db.MailConsents.AnyAsync(c => c.Email == email && c.UnsubscribedAt != null));
}

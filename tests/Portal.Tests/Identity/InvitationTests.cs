using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

[Collection(MailCollection.Name)]
public sealed class InvitationTests(MailPortal portal)
{
    private const string NewPassword = "Welcome-Aboard-2027";

    private async Task<HtmlClient> SignedInAsync(string email)
    {
        var client = portal.CreateHtmlClient();
        await client.SignInAsync(email, DemoPortal.Password);
        return client;
    }

    private static async Task<HttpResponseMessage> InviteAsync(HtmlClient admin, string email, string language = "en")
    {
        var team = await admin.GetDocumentAsync("/shop/team");
        return await admin.SubmitAsync(team, "form[action*='handler=Invite']", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Language"] = language,
        });
    }

    private async Task<string> InvitationLinkAsync(string email) =>
        MailContent.LinkIn(await portal.Smtp.WaitForMessageToAsync(email), Invitations.AcceptPath);

    private static Dictionary<string, string> Acceptance(string name = "Nina Neu") => new()
    {
        ["Input.Name"] = name,
        ["Input.Password"] = NewPassword,
        ["Input.ConfirmPassword"] = NewPassword,
    };

    private static IElement? Invalid(IDocument page) => page.QuerySelector("[data-testid=invitation-invalid]");

    [Fact]
    public async Task Customer_admin_invites_a_colleague_who_sets_a_password_and_orders_for_the_same_company()
    {
        var invitee = TestAccounts.Unique("colleague");
        var admin = await SignedInAsync(DemoPortal.BuyerAdmin);

        var invited = await InviteAsync(admin, invitee);

        HtmlClient.AssertRedirect(invited, "/shop/team");
        var team = await admin.GetDocumentAsync("/shop/team");
        Assert.Contains($"Invitation sent to {invitee}.", team.QuerySelector(".alert-success")?.TextContent, StringComparison.Ordinal);
        Assert.Contains(invitee, team.QuerySelector("#invitations-title")?.Closest("section")?.TextContent, StringComparison.Ordinal);

        var mail = await portal.Smtp.WaitForMessageToAsync(invitee);
        Assert.Equal("Karin Kunz invites you to order for Malerbetrieb Kunz", mail.Subject);
        Assert.Contains("The invitation is for " + invitee, mail.TextBody, StringComparison.Ordinal);

        var colleague = portal.CreateHtmlClient();
        var acceptPage = await colleague.GetDocumentAsync(MailContent.LinkIn(mail, Invitations.AcceptPath));
        Assert.Contains("Malerbetrieb Kunz", acceptPage.QuerySelector(".lead")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(invitee, acceptPage.QuerySelector("#invited-email")?.GetAttribute("value"));
        Assert.NotNull(acceptPage.QuerySelectorAll("button").FirstOrDefault(b => b.TextContent.Trim() == "Accept invitation"));

        var accepted = await colleague.SubmitAsync(acceptPage, "main form", Acceptance());

        HtmlClient.AssertRedirect(accepted, "/shop");
        var shop = await colleague.GetDocumentAsync("/shop");
        Assert.Equal("Malerbetrieb Kunz", shop.QuerySelector("[data-testid=company-name]")?.TextContent.Trim());
        HtmlClient.AssertRedirect(await portal.CreateHtmlClient().SignInAsync(invitee, NewPassword), "/shop");
        var member = await portal.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == invitee));
        Assert.Equal((await portal.CustomerIdAsync("10001"), "Nina Neu", true), (member.CustomerId, member.DisplayName, member.EmailConfirmed));
        Assert.Contains(invitee, (await admin.GetDocumentAsync("/shop/team")).QuerySelector("#members-title")?.Closest("section")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invitation_cannot_be_used_to_join_another_company()
    {
        var invitee = TestAccounts.Unique("sneaky");
        await InviteAsync(await SignedInAsync(DemoPortal.BuyerAdmin), invitee);
        var albrecht = await portal.CustomerIdAsync("10002");
        var client = portal.CreateHtmlClient();
        var acceptPage = await client.GetDocumentAsync(await InvitationLinkAsync(invitee));

        // Whatever the browser adds, company and address come from the invitation.
        var fields = Acceptance();
        fields["CustomerId"] = albrecht.ToString(System.Globalization.CultureInfo.InvariantCulture);
        fields["Input.CustomerId"] = fields["CustomerId"];
        fields["Input.Email"] = "ceo@albrecht.example";
        fields["Email"] = "ceo@albrecht.example";
        var accepted = await client.SubmitAsync(acceptPage, "main form", fields);

        HtmlClient.AssertRedirect(accepted, "/shop");
        Assert.Equal("Malerbetrieb Kunz", (await client.GetDocumentAsync("/shop")).QuerySelector("[data-testid=company-name]")?.TextContent.Trim());
        var member = await portal.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == invitee));
        Assert.Equal(await portal.CustomerIdAsync("10001"), member.CustomerId);
        Assert.False(await portal.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "ceo@albrecht.example")));
    }

    [Fact]
    public async Task Another_companys_admin_cannot_withdraw_or_see_an_invitation()
    {
        var invitee = TestAccounts.Unique("guarded");
        await InviteAsync(await SignedInAsync(DemoPortal.BuyerAdmin), invitee);
        var invitationId = await portal.WithDbAsync(db => db.Invitations.Where(i => i.Email == invitee).Select(i => i.Id).SingleAsync());
        var otherAdminEmail = TestAccounts.Unique("albrecht-admin");
        await portal.CreateUserAsync(otherAdminEmail, await portal.CustomerIdAsync("10002"), Roles.CustomerAdmin);
        var otherAdmin = await SignedInAsync(otherAdminEmail);
        var otherTeam = await otherAdmin.GetDocumentAsync("/shop/team");
        Assert.DoesNotContain(invitee, otherTeam.Body!.TextContent, StringComparison.Ordinal);
        // Post the other company's invitation id through a form of its own page (its antiforgery token).
        await InviteAsync(otherAdmin, TestAccounts.Unique("albrecht-colleague"));
        otherTeam = await otherAdmin.GetDocumentAsync("/shop/team");

        var response = await otherAdmin.SubmitAsync(otherTeam, "form[action*='handler=Revoke']", new Dictionary<string, string>
        {
            ["invitationId"] = invitationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(Invalid(await portal.CreateHtmlClient().GetDocumentAsync(await InvitationLinkAsync(invitee))));
    }

    [Fact]
    public async Task An_invitation_works_only_once()
    {
        var invitee = TestAccounts.Unique("once");
        await InviteAsync(await SignedInAsync(DemoPortal.BuyerAdmin), invitee);
        var link = await InvitationLinkAsync(invitee);
        var first = portal.CreateHtmlClient();
        var second = portal.CreateHtmlClient();
        var firstPage = await first.GetDocumentAsync(link);
        var secondPage = await second.GetDocumentAsync(link);

        HtmlClient.AssertRedirect(await first.SubmitAsync(firstPage, "main form", Acceptance("First")), "/shop");
        var late = await second.SubmitAsync(secondPage, "main form", Acceptance("Second"));

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Contains("already been used", Invalid(await HtmlClient.ParseAsync(late))?.TextContent, StringComparison.Ordinal);
        Assert.Contains("already been used", Invalid(await portal.CreateHtmlClient().GetDocumentAsync(link))?.TextContent, StringComparison.Ordinal);
        Assert.Equal("First", await portal.WithDbAsync(db => db.Users.Where(u => u.Email == invitee).Select(u => u.DisplayName).SingleAsync()));
    }

    [Fact]
    public async Task An_expired_invitation_is_refused_with_a_clear_message()
    {
        var invitee = TestAccounts.Unique("late");
        await InviteAsync(await SignedInAsync(DemoPortal.BuyerAdmin), invitee);
        var link = await InvitationLinkAsync(invitee);
        await portal.WithDbAsync(db => db.Invitations.Where(i => i.Email == invitee)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        var page = await portal.CreateHtmlClient().GetDocumentAsync(link);

        Assert.Contains("This invitation has expired.", Invalid(page)?.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form"));
    }

    [Fact]
    public async Task A_made_up_token_is_refused()
    {
        var page = await portal.CreateHtmlClient().GetDocumentAsync($"{Invitations.AcceptPath}?token=not-a-real-token");

        Assert.Contains("not valid", Invalid(page)?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inviting_again_withdraws_the_earlier_link()
    {
        var invitee = TestAccounts.Unique("twice");
        var admin = await SignedInAsync(DemoPortal.BuyerAdmin);
        await InviteAsync(admin, invitee);
        var firstLink = await InvitationLinkAsync(invitee);

        await InviteAsync(admin, invitee);

        await Eventually.TrueAsync(() => Task.FromResult(portal.Smtp.MessagesTo(invitee).Count == 2), "the second invitation has arrived");
        var secondLink = MailContent.LinkIn(portal.Smtp.MessagesTo(invitee)[1], Invitations.AcceptPath);
        Assert.Contains("withdrawn", Invalid(await portal.CreateHtmlClient().GetDocumentAsync(firstLink))?.TextContent, StringComparison.Ordinal);
        Assert.Null(Invalid(await portal.CreateHtmlClient().GetDocumentAsync(secondLink)));
    }

    [Fact]
    public async Task Inviting_an_address_that_has_an_account_answers_like_any_invitation_and_tells_the_owner_instead()
    {
        var admin = await SignedInAsync(DemoPortal.BuyerAdmin);
        var fresh = TestAccounts.Unique("fresh");

        var existing = await InviteAsync(admin, DemoPortal.OtherBuyer);
        var unknown = await InviteAsync(admin, fresh);

        // The same answer for both: a redirect to the team page and "Invitation sent to …" (with the address typed).
        HtmlClient.AssertRedirect(existing, "/shop/team");
        HtmlClient.AssertRedirect(unknown, "/shop/team");
        Assert.Equal(existing.Headers.Location, unknown.Headers.Location);
        // The owner of the existing account is told instead of invited, and nothing lets the account join this company.
        var told = await portal.Smtp.WaitForMessageToAsync(DemoPortal.OtherBuyer);
        // In the owner's language (the demo buyer of Albrecht reads German).
        Assert.Equal("Sie haben bereits ein Konto im Bestellportal", told.Subject);
        Assert.Contains("/account/login", told.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Invitations.AcceptPath, told.TextBody, StringComparison.Ordinal);
        Assert.False(await portal.WithDbAsync(db => db.Invitations.AnyAsync(i => i.Email == DemoPortal.OtherBuyer)));
        Assert.True(await portal.WithDbAsync(db => db.Invitations.AnyAsync(i => i.Email == fresh)));
    }

    [Fact]
    public async Task The_invitation_mail_speaks_the_language_the_admin_chose()
    {
        var invitee = TestAccounts.Unique("sprache");

        await InviteAsync(await SignedInAsync(DemoPortal.BuyerAdmin), invitee, "de");

        var mail = await portal.Smtp.WaitForMessageToAsync(invitee);
        Assert.Equal("Karin Kunz lädt Sie ein, für Malerbetrieb Kunz zu bestellen", mail.Subject);
        Assert.Contains("Einladung annehmen", mail.HtmlBody, StringComparison.Ordinal);
    }
}

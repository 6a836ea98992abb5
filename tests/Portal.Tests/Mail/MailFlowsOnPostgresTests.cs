using Microsoft.EntityFrameworkCore;
using Portal.Identity;
using Portal.Mail;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Mail;

/// The invitation and reset flows once more on PostgreSQL: their claims are conditional UPDATEs inside
/// transactions, and the admin's outbox counts group by a converted enum; both are worth seeing on the real provider.
[Trait("Category", "Postgres")]
public sealed class MailFlowsOnPostgresTests
{
    [Fact]
    public async Task Invite_accept_and_reset_work_on_postgres_and_the_outbox_shows_what_went_out()
    {
        await using var portal = new MailTestPortal(DatabaseKind.Postgres, seedDemo: false);
        var company = await portal.CreateCustomerAsync("70001", "Postgres Malerei");
        var adminEmail = TestAccounts.Unique("pg-admin");
        await portal.CreateUserAsync(adminEmail, company, Roles.CustomerAdmin, displayName: "Paula Postgres");
        var invitee = TestAccounts.Unique("pg-colleague");
        var admin = portal.CreateHtmlClient();
        await admin.SignInAsync(adminEmail, DemoPortal.Password);

        var team = await admin.GetDocumentAsync("/shop/team");
        HtmlClient.AssertRedirect(await admin.SubmitAsync(team, "form[action*='handler=Invite']", new Dictionary<string, string> { ["Input.Email"] = invitee, ["Input.Language"] = "en" }), "/shop/team");
        var invitation = await portal.Smtp.WaitForMessageToAsync(invitee);
        Assert.Equal("Paula Postgres invites you to order for Postgres Malerei", invitation.Subject);
        var colleague = portal.CreateHtmlClient();
        var acceptPage = await colleague.GetDocumentAsync(MailContent.LinkIn(invitation, Invitations.AcceptPath));
        HtmlClient.AssertRedirect(await colleague.SubmitAsync(acceptPage, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Peter Postgres",
            ["Input.Password"] = "Postgres-Peter-1",
            ["Input.ConfirmPassword"] = "Postgres-Peter-1",
        }), "/shop");
        Assert.Equal(company, await portal.WithDbAsync(db => db.Users.Where(u => u.Email == invitee).Select(u => u.CustomerId).SingleAsync()));
        Assert.NotNull((await portal.CreateHtmlClient().GetDocumentAsync(MailContent.LinkIn(invitation, Invitations.AcceptPath))).QuerySelector("[data-testid=invitation-invalid]"));

        var anonymous = portal.CreateHtmlClient();
        var forgot = await anonymous.GetDocumentAsync("/account/forgot-password");
        await anonymous.SubmitAsync(forgot, "main form", new Dictionary<string, string> { ["Input.Email"] = invitee });
        await Eventually.TrueAsync(() => Task.FromResult(portal.Smtp.MessagesTo(invitee).Count == 2), "the reset mail has arrived");
        var resetForm = await anonymous.GetDocumentAsync(MailContent.LinkIn(portal.Smtp.MessagesTo(invitee)[1], "/account/reset-password"));
        HtmlClient.AssertRedirect(await anonymous.SubmitAsync(resetForm, "main form", new Dictionary<string, string>
        {
            ["Input.Password"] = "Postgres-Peter-2",
            ["Input.ConfirmPassword"] = "Postgres-Peter-2",
        }), "/account/login");
        HtmlClient.AssertRedirect(await portal.CreateHtmlClient().SignInAsync(invitee, "Postgres-Peter-2"), "/shop");

        await Eventually.TrueAsync(() => portal.WithDbAsync(db => db.OutboxMessages.AllAsync(m => m.Status == OutboxStatus.Sent)), "both mails are marked sent");
        var staffAdmin = TestAccounts.Unique("pg-staff");
        await portal.WithScopeAsync<StaffAccounts>(staff => staff.CreateAsync(staffAdmin, "Staff", Roles.Admin, DemoPortal.Password));
        var console = portal.CreateHtmlClient();
        await console.SignInAsync(staffAdmin, DemoPortal.Password);
        var outbox = await console.GetDocumentAsync("/admin/outbox?show=Sent");
        Assert.Contains("Sent (2)", outbox.QuerySelector("nav.filters")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, outbox.QuerySelectorAll("tbody tr").Length);
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Identity;
using Portal.ProductManagement;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

/// An admin looks after staff accounts at /admin/staff: switch one off (its sessions end) and on again, send a reset
/// link, sign it out everywhere; every action lands in the audit trail.
[Collection(MailCollection.Name)]
public sealed class StaffTests(MailPortal portal)
{
    private async Task<HtmlClient> SignedInAsync(string email)
    {
        var client = portal.CreateHtmlClient();
        HtmlClient.AssertRedirect(await client.SignInAsync(email, DemoPortal.Password), email == DemoPortal.Admin ? "/admin" : "/sales");
        return client;
    }

    private async Task<PortalUser> NewClerkAsync()
    {
        var email = TestAccounts.Unique("clerk");
        await portal.WithScopeAsync<StaffAccounts>(async staff => Assert.True((await staff.CreateAsync(email, "Clerk", Roles.InsideSales, DemoPortal.Password)).Succeeded));
        return await portal.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
    }

    private static async Task<HttpResponseMessage> ActAsync(HtmlClient admin, PortalUser clerk, string handler)
    {
        var page = await admin.GetDocumentAsync("/admin/staff");
        var form = page.QuerySelectorAll($"form[action*='handler={handler}']").FirstOrDefault(f => f.QuerySelector($"input[name=userId][value='{clerk.Id}']") is not null)
            ?? throw new InvalidOperationException($"No {handler} form for {clerk.Email} on the first page.");
        return await admin.Http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent([
            new("userId", clerk.Id),
            new("__RequestVerificationToken", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
        ]));
    }

    private Task<List<AuditAction>> AuditOfAsync(PortalUser clerk) =>
        portal.WithDbAsync(db => db.AuditEntries.Where(e => e.ItemType == AuditItemTypes.StaffUser && e.ItemKey == clerk.Id).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());

    [Fact]
    public async Task An_admin_deactivates_a_clerk_whose_session_ends_and_reactivates_them()
    {
        var clerk = await NewClerkAsync();
        var clerkBrowser = await SignedInAsync(clerk.Email!);
        Assert.Equal(HttpStatusCode.OK, (await clerkBrowser.Http.GetAsync("/sales")).StatusCode);
        var admin = await SignedInAsync(DemoPortal.Admin);

        var deactivated = await ActAsync(admin, clerk, "Deactivate");

        HtmlClient.AssertRedirect(deactivated, "/admin");
        var notice = await admin.GetDocumentAsync(deactivated.Headers.Location!.ToString());
        Assert.Contains($"{clerk.Email} can no longer sign in", notice.QuerySelector(".alert-success")?.TextContent, StringComparison.Ordinal);
        HtmlClient.AssertRedirect(await clerkBrowser.Http.GetAsync("/sales"), "/account/login");
        Assert.Contains("deactivated", (await HtmlClient.ParseAsync(await portal.CreateHtmlClient().SignInAsync(clerk.Email!, DemoPortal.Password))).QuerySelector(".alert-error")?.TextContent, StringComparison.Ordinal);

        HtmlClient.AssertRedirect(await ActAsync(admin, clerk, "Reactivate"), "/admin");
        await SignedInAsync(clerk.Email!);
        Assert.Equal([AuditAction.Created, AuditAction.Deactivated, AuditAction.Reactivated], await AuditOfAsync(clerk));
    }

    [Fact]
    public async Task An_admin_sends_a_clerk_a_reset_link_and_signs_them_out_everywhere()
    {
        var clerk = await NewClerkAsync();
        var clerkBrowser = await SignedInAsync(clerk.Email!);
        var admin = await SignedInAsync(DemoPortal.Admin);

        HtmlClient.AssertRedirect(await ActAsync(admin, clerk, "SendReset"), "/admin");
        var mail = await portal.Smtp.WaitForMessageToAsync(clerk.Email!);
        Assert.Equal("Reset your password", mail.Subject);
        MailContent.LinkIn(mail, "/account/reset-password");

        HtmlClient.AssertRedirect(await ActAsync(admin, clerk, "SignOutEverywhere"), "/admin");
        HtmlClient.AssertRedirect(await clerkBrowser.Http.GetAsync("/sales"), "/account/login");
        Assert.Equal([AuditAction.Created, AuditAction.PasswordReset, AuditAction.SignedOut], await AuditOfAsync(clerk));
    }

    [Fact]
    public async Task An_admin_cannot_deactivate_themselves_and_others_cannot_reach_the_page()
    {
        var admin = await SignedInAsync(DemoPortal.Admin);
        var adminId = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == DemoPortal.Admin).Select(u => u.Id).SingleAsync());
        var page = await admin.GetDocumentAsync("/admin/staff");
        Assert.DoesNotContain(page.QuerySelectorAll("form[action*='handler=Deactivate'] input[name=userId]"), i => i.GetAttribute("value") == adminId);

        var self = await admin.Http.PostAsync("/admin/staff?handler=Deactivate", new FormUrlEncodedContent([
            new("userId", adminId),
            new("__RequestVerificationToken", page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
        ]));
        HtmlClient.AssertRedirect(self, "/admin");
        Assert.True(await portal.WithDbAsync(db => db.Users.Where(u => u.Id == adminId).Select(u => u.IsActive).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/admin")).StatusCode);

        var buyerId = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == DemoPortal.Buyer).Select(u => u.Id).SingleAsync());
        var notStaff = await admin.Http.PostAsync("/admin/staff?handler=Deactivate", new FormUrlEncodedContent([
            new("userId", buyerId),
            new("__RequestVerificationToken", page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
        ]));
        Assert.Equal(HttpStatusCode.NotFound, notStaff.StatusCode);

        var sales = await SignedInAsync(DemoPortal.Sales);
        Assert.Contains("access-denied", (await sales.Http.GetAsync("/admin/staff")).Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}

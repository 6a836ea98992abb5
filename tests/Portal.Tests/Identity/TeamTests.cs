using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

[Collection(MailCollection.Name)]
public sealed class TeamTests(MailPortal portal)
{
    private async Task<HtmlClient> SignedInAsync(string email)
    {
        var client = portal.CreateHtmlClient();
        await client.SignInAsync(email, DemoPortal.Password);
        return client;
    }

    private async Task<PortalUser> ColleagueAtKunzAsync(string prefix) =>
        await portal.CreateUserAsync(TestAccounts.Unique(prefix), await portal.CustomerIdAsync("10001"), displayName: $"Colleague {prefix}");

    [Fact]
    public async Task A_plain_customer_cannot_reach_the_team_page()
    {
        var buyer = await SignedInAsync(DemoPortal.Buyer);

        HtmlClient.AssertRedirect(await buyer.Http.GetAsync("/shop/team"), "/account/access-denied");
        Assert.DoesNotContain((await buyer.GetDocumentAsync("/shop")).QuerySelectorAll(".main-nav a"), a => a.GetAttribute("href") == "/shop/team");
    }

    [Fact]
    public async Task The_team_page_lists_the_own_company_only()
    {
        var admin = await SignedInAsync(DemoPortal.BuyerAdmin);

        var team = await admin.GetDocumentAsync("/shop/team");

        Assert.Equal("Team", team.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains(team.QuerySelectorAll(".main-nav a"), a => a.GetAttribute("href") == "/shop/team" && a.ClassList.Contains("active"));
        var rows = team.QuerySelectorAll("#members-title ~ .table-wrap tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains(DemoPortal.Buyer, StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(DemoPortal.BuyerAdmin, StringComparison.Ordinal) && r.Contains("That's you", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains(DemoPortal.OtherBuyer, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Customer_admin_deactivates_a_colleague_who_then_cannot_sign_in_until_reactivated()
    {
        var colleague = await ColleagueAtKunzAsync("leaving");
        var admin = await SignedInAsync(DemoPortal.BuyerAdmin);
        var team = await admin.GetDocumentAsync("/shop/team");
        Assert.Equal("Deactivate", team.QuerySelector($"#member-{colleague.Id} form[action*='Deactivate'] button")?.TextContent.Trim());

        var response = await admin.SubmitAsync(team, $"#member-{colleague.Id} form[action*='Deactivate']", new Dictionary<string, string>());

        HtmlClient.AssertRedirect(response, "/shop/team");
        var refusal = await HtmlClient.ParseAsync(await portal.CreateHtmlClient().SignInAsync(colleague.Email!, DemoPortal.Password));
        Assert.Contains("deactivated", refusal.QuerySelector(".alert-error")?.TextContent, StringComparison.Ordinal);

        team = await admin.GetDocumentAsync("/shop/team");
        Assert.Contains("Deactivated", team.QuerySelector($"#member-{colleague.Id}")?.TextContent, StringComparison.Ordinal);
        await admin.SubmitAsync(team, $"#member-{colleague.Id} form[action*='Reactivate']", new Dictionary<string, string>());
        HtmlClient.AssertRedirect(await portal.CreateHtmlClient().SignInAsync(colleague.Email!, DemoPortal.Password), "/shop");
    }

    [Fact]
    public async Task Deactivating_over_htmx_answers_with_the_updated_row()
    {
        var colleague = await ColleagueAtKunzAsync("htmx");
        var admin = await SignedInAsync(DemoPortal.BuyerAdmin);
        var team = await admin.GetDocumentAsync("/shop/team");
        var form = team.QuerySelector($"#member-{colleague.Id} form[action*='Deactivate']")!;
        var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("hx-post"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userId"] = colleague.Id,
                ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            }),
        };
        request.Headers.Add("HX-Request", "true");

        var response = await admin.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith($"<tr id=\"member-{colleague.Id}\">", html.Trim(), StringComparison.Ordinal);
        Assert.Contains("Reactivate", html, StringComparison.Ordinal);
        Assert.Contains("hx-swap-oob=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("can no longer sign in", html, StringComparison.Ordinal);
        Assert.False(await portal.WithDbAsync(db => db.Users.Where(u => u.Id == colleague.Id).Select(u => u.IsActive).SingleAsync()));
    }

    [Fact]
    public async Task A_customer_admin_cannot_deactivate_a_user_of_another_company()
    {
        var colleague = await ColleagueAtKunzAsync("decoy");
        var outsider = await portal.CreateUserAsync(TestAccounts.Unique("outsider"), await portal.CustomerIdAsync("10002"));
        var admin = await SignedInAsync(DemoPortal.BuyerAdmin);
        var team = await admin.GetDocumentAsync("/shop/team");

        var response = await admin.SubmitAsync(team, $"#member-{colleague.Id} form[action*='Deactivate']", new Dictionary<string, string> { ["userId"] = outsider.Id });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(await portal.WithDbAsync(db => db.Users.Where(u => u.Id == outsider.Id).Select(u => u.IsActive).SingleAsync()));
        HtmlClient.AssertRedirect(await portal.CreateHtmlClient().SignInAsync(outsider.Email!, DemoPortal.Password), "/shop");
    }

    [Fact]
    public async Task A_customer_admin_cannot_deactivate_themselves()
    {
        var colleague = await ColleagueAtKunzAsync("self");
        var admin = await SignedInAsync(DemoPortal.BuyerAdmin);
        var team = await admin.GetDocumentAsync("/shop/team");
        var adminId = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == DemoPortal.BuyerAdmin).Select(u => u.Id).SingleAsync());

        var response = await admin.SubmitAsync(team, $"#member-{colleague.Id} form[action*='Deactivate']", new Dictionary<string, string> { ["userId"] = adminId });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(await portal.WithDbAsync(db => db.Users.Where(u => u.Id == adminId).Select(u => u.IsActive).SingleAsync()));
    }
}

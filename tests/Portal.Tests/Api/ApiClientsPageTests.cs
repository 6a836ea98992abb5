using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// /admin/api-clients through its forms: the key once, revoking, refused input, administrators only.
public sealed class ApiClientsPageTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task An_admin_creates_a_client_sees_its_key_once_and_revokes_it()
    {
        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        var name = "ERP " + Guid.NewGuid().ToString("N")[..6];
        var page = await admin.GetDocumentAsync("/admin/api-clients");

        var created = await HtmlClient.ParseAsync(await admin.SubmitAsync(page, "form[action*='handler=Create']", new Dictionary<string, string> { ["Name"] = name, ["Scopes"] = ApiScopes.OrdersRead }));

        var key = created.QuerySelector("[data-testid=new-key]")?.TextContent;
        Assert.NotNull(key);
        Assert.Equal(HttpStatusCode.OK, (await portal.ApiClient(key).GetAsync("/api/v1/orders?limit=1")).StatusCode);
        var again = await admin.GetDocumentAsync("/admin/api-clients");
        Assert.Null(again.QuerySelector("[data-testid=new-key]"));
        Assert.DoesNotContain(key, again.Body!.TextContent);
        var row = again.QuerySelectorAll("[data-testid=api-client]").Single(r => r.TextContent.Contains(name));
        Assert.Contains(key[..10], row.TextContent);

        var revoked = await admin.SubmitAsync(again, $"[data-testid=api-client]:has(button[aria-label*='{name}']) form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var after = await admin.GetDocumentAsync("/admin/api-clients");
        Assert.NotNull(after.QuerySelectorAll("[data-testid=api-client]").Single(r => r.TextContent.Contains(name)).QuerySelector("[data-testid=revoked]"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.ApiClient(key).GetAsync("/api/v1/orders?limit=1")).StatusCode);
        var trail = await portal.WithDbAsync(db => db.AuditEntries.Where(e => e.ItemType == "ApiClient" && e.ItemName == name).Select(e => e.UserName).ToListAsync());
        Assert.Equal(2, trail.Count);
    }

    [Fact]
    public async Task A_client_without_a_name_or_a_scope_is_refused_with_messages()
    {
        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        var page = await admin.GetDocumentAsync("/admin/api-clients");
        var before = await portal.WithDbAsync(db => db.ApiClients.CountAsync());

        var refused = await HtmlClient.ParseAsync(await admin.SubmitAsync(page, "form[action*='handler=Create']", new Dictionary<string, string> { ["Name"] = " " }));

        Assert.Equal(2, refused.QuerySelectorAll(".field-error").Count(e => e.TextContent.Length > 0));
        Assert.Null(refused.QuerySelector("[data-testid=new-key]"));
        Assert.Equal(before, await portal.WithDbAsync(db => db.ApiClients.CountAsync()));
    }

    [Fact]
    public async Task Only_administrators_reach_the_page()
    {
        var sales = await portal.SignedInAsync(DemoPortal.Sales);

        var response = await sales.Http.GetAsync("/admin/api-clients");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}

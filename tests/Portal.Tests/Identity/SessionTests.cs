using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

/// A sign-in cookie is worth something only while its session, its user and the user's access are what they were:
/// deactivation, a new password, a role change, signing out and "sign out everywhere" each end it on the next
/// request (within the 5 seconds the product promises), also when the change happens on another instance.
public abstract class SessionTests(TwoInstances instances)
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(5);

    private PortalFactory First => instances.First;
    private PortalFactory Second => instances.Second;

    /// Signs in through the login form and returns the sign-in cookie as a browser would send it back.
    private static async Task<string> SignInCookieAsync(PortalFactory portal, string email)
    {
        var response = await portal.CreateHtmlClient().SignInAsync(email, DemoPortal.Password);
        HtmlClient.AssertRedirect(response, "/shop");
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("portal.auth", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(PortalFactory portal, string cookie, string path = "/shop", bool htmx = false)
    {
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        return await client.SendAsync(request);
    }

    private static async Task AssertOpensAsync(PortalFactory portal, string cookie) =>
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(portal, cookie)).StatusCode);

    /// Polls for at most the promised 5 seconds; the cookie must be sent to the sign-in page by then.
    private static async Task AssertRefusedWithinPromiseAsync(PortalFactory portal, string cookie)
    {
        var deadline = DateTime.UtcNow + Promise;
        HttpResponseMessage response;
        while ((response = await GetWithCookieAsync(portal, cookie)).StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        HtmlClient.AssertRedirect(response, "/account/login");
    }

    private async Task<PortalUser> NewBuyerAsync(string prefix) =>
        await First.CreateUserAsync(TestAccounts.Unique(prefix), await First.CustomerIdAsync("10001"));

    [Fact]
    public async Task A_deactivated_buyers_cookie_is_refused_on_another_instance_and_htmx_is_sent_to_sign_in()
    {
        var buyer = await NewBuyerAsync("deactivated");
        var cookie = await SignInCookieAsync(First, buyer.Email!);
        await AssertOpensAsync(First, cookie);

        // The company admin deactivates the colleague on the other instance, through the team page.
        var admin = Second.CreateHtmlClient();
        await admin.SignInAsync(DemoPortal.BuyerAdmin, DemoPortal.Password);
        var team = await admin.GetDocumentAsync("/shop/team");
        var deactivated = await admin.SubmitAsync(team, $"#member-{buyer.Id} form[action*='Deactivate']", new Dictionary<string, string>());
        HtmlClient.AssertRedirect(deactivated, "/shop/team");

        await AssertRefusedWithinPromiseAsync(First, cookie);
        var htmx = await GetWithCookieAsync(First, cookie, "/shop/cart", htmx: true);
        Assert.Equal(HttpStatusCode.Unauthorized, htmx.StatusCode);
        Assert.Equal("true", htmx.Headers.GetValues("HX-Refresh").Single());
    }

    [Fact]
    public async Task A_password_reset_ends_the_old_cookie()
    {
        var buyer = await NewBuyerAsync("reset");
        var cookie = await SignInCookieAsync(First, buyer.Email!);
        await AssertOpensAsync(First, cookie);

        await using (var scope = Second.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByIdAsync(buyer.Id))!;
            var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), "Another-Secret-2027");
            Assert.True(reset.Succeeded);
        }

        await AssertRefusedWithinPromiseAsync(First, cookie);
    }

    [Fact]
    public async Task A_role_change_ends_the_old_cookie()
    {
        var buyer = await NewBuyerAsync("promoted");
        var cookie = await SignInCookieAsync(First, buyer.Email!);
        await AssertOpensAsync(First, cookie);

        await Second.WithScopeAsync<UserManager<PortalUser>>(async users =>
            Assert.True((await users.AddToRoleAsync((await users.FindByIdAsync(buyer.Id))!, Roles.CustomerAdmin)).Succeeded));

        await AssertRefusedWithinPromiseAsync(First, cookie);
        // Signing in again gives a cookie with the new role.
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(First, await SignInCookieAsync(First, buyer.Email!), "/shop/team")).StatusCode);
    }

    [Fact]
    public async Task A_copy_of_the_cookie_is_refused_after_sign_out()
    {
        var buyer = await NewBuyerAsync("signout");
        var browser = First.CreateHtmlClient();
        var signedIn = await browser.SignInAsync(buyer.Email!, DemoPortal.Password);
        var copy = string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("portal.auth", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));
        await AssertOpensAsync(Second, copy);

        var logout = await browser.GetDocumentAsync("/account/logout");
        HtmlClient.AssertRedirect(await browser.SubmitAsync(logout, "main form:not([action*='Everywhere'])", new Dictionary<string, string>()), "/account/login");

        await AssertRefusedWithinPromiseAsync(Second, copy);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_of_the_user_and_only_theirs()
    {
        var buyer = await NewBuyerAsync("everywhere");
        var phone = await SignInCookieAsync(First, buyer.Email!);
        var office = await SignInCookieAsync(Second, buyer.Email!);
        var colleague = await SignInCookieAsync(First, DemoPortal.Buyer);

        var browser = First.CreateHtmlClient();
        await browser.SignInAsync(buyer.Email!, DemoPortal.Password);
        var logout = await browser.GetDocumentAsync("/account/logout");
        HtmlClient.AssertRedirect(await browser.SubmitAsync(logout, "main form[action*='Everywhere']", new Dictionary<string, string>()), "/account/login");

        await AssertRefusedWithinPromiseAsync(First, phone);
        await AssertRefusedWithinPromiseAsync(Second, office);
        await AssertOpensAsync(First, colleague);
    }

    [Fact]
    public async Task A_company_admin_signs_a_colleague_out_everywhere()
    {
        var buyer = await NewBuyerAsync("lost-phone");
        var cookie = await SignInCookieAsync(First, buyer.Email!);

        var admin = Second.CreateHtmlClient();
        await admin.SignInAsync(DemoPortal.BuyerAdmin, DemoPortal.Password);
        var team = await admin.GetDocumentAsync("/shop/team");
        HtmlClient.AssertRedirect(await admin.SubmitAsync(team, $"#member-{buyer.Id} form[action*='SignOutEverywhere']", new Dictionary<string, string>()), "/shop/team");

        await AssertRefusedWithinPromiseAsync(First, cookie);
        // The account itself stays usable: signing in again works.
        await AssertOpensAsync(First, await SignInCookieAsync(First, buyer.Email!));
    }
}

/// Two demo portals on one database (each test uses users of its own).
public abstract class TwoInstances : IAsyncLifetime
{
    private readonly DatabaseKind kind;

    protected TwoInstances(DatabaseKind kind) => this.kind = kind;

    public PortalFactory First { get; private set; } = null!;
    public PortalFactory Second { get; private set; } = null!;

    public Task InitializeAsync()
    {
        First = new PortalFactory(kind, seedDemo: true);
        _ = First.Services;
        Second = kind == DatabaseKind.Postgres
            ? new PortalFactory(kind, seedDemo: true, sharedDatabase: First.DatabaseName) { DropDatabaseOnDispose = false }
            : new PortalFactory(kind, seedDemo: true, sharedDatabase: Path.Combine(First.DataPath, "portal.db"));
        _ = Second.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }
}

public sealed class SqliteTwoInstances() : TwoInstances(DatabaseKind.Sqlite);

public sealed class PostgresTwoInstances() : TwoInstances(DatabaseKind.Postgres);

public sealed class SqliteSessionTests(SqliteTwoInstances instances) : SessionTests(instances), IClassFixture<SqliteTwoInstances>;

[Trait("Category", "Postgres")]
public sealed class PostgresSessionTests(PostgresTwoInstances instances) : SessionTests(instances), IClassFixture<PostgresTwoInstances>;

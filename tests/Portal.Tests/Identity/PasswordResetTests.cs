using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

[Collection(MailCollection.Name)]
public sealed class PasswordResetTests(MailPortal portal)
{
    private const string NewPassword = "Fresh-Start-2027";

    private static async Task<HttpResponseMessage> RequestResetAsync(HtmlClient client, string email)
    {
        var page = await client.GetDocumentAsync("/account/forgot-password");
        Assert.NotNull(page.QuerySelectorAll("button").FirstOrDefault(b => b.TextContent.Trim() == "Send reset link"));
        return await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Email"] = email });
    }

    [Fact]
    public async Task A_forged_host_header_does_not_change_the_link_in_the_mail()
    {
        var email = TestAccounts.Unique("forged-host");
        await portal.CreateUserAsync(email, await portal.CustomerIdAsync("10001"));
        var client = portal.CreateHtmlClient();
        var page = await client.GetDocumentAsync("/account/forgot-password");
        var token = page.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/forgot-password")
        {
            Content = new FormUrlEncodedContent([new("Input.Email", email), new("__RequestVerificationToken", token)]),
        };
        request.Headers.Host = "evil.example";
        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = await portal.Smtp.WaitForMessageToAsync(email);
        Assert.DoesNotContain("evil.example", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("http://localhost/account/reset-password?", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_page_offers_a_way_to_reset_a_forgotten_password()
    {
        var login = await portal.CreateHtmlClient().GetDocumentAsync("/account/login");

        var link = login.QuerySelectorAll("a").FirstOrDefault(a => a.TextContent.Trim() == "Forgot your password?");

        Assert.Equal("/account/forgot-password", link?.GetAttribute("href"));
    }

    [Fact]
    public async Task The_link_from_the_mail_sets_a_new_password_and_works_only_once()
    {
        var email = TestAccounts.Unique("reset");
        await portal.CreateUserAsync(email, await portal.CustomerIdAsync("10001"));
        var client = portal.CreateHtmlClient();

        var requested = await RequestResetAsync(client, email);

        HtmlClient.AssertRedirect(requested, "/account/forgot-password");
        var confirmation = await client.GetDocumentAsync(requested.Headers.Location!.ToString());
        Assert.Contains("If an account exists for this address", confirmation.QuerySelector("[role=status]")?.TextContent, StringComparison.Ordinal);

        var link = MailContent.LinkIn(await portal.Smtp.WaitForMessageToAsync(email), "/account/reset-password");
        var form = await client.GetDocumentAsync(link);
        var reset = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });

        HtmlClient.AssertRedirect(reset, "/account/login");
        Assert.Contains("Your password has been changed", (await client.GetDocumentAsync("/account/login")).QuerySelector(".alert-success")?.TextContent, StringComparison.Ordinal);
        HtmlClient.AssertRedirect(await portal.CreateHtmlClient().SignInAsync(email, NewPassword), "/shop");
        Assert.Equal(HttpStatusCode.OK, (await portal.CreateHtmlClient().SignInAsync(email, DemoPortal.Password)).StatusCode);

        // The same link again: refused on opening, and a second submit of the old form changes nothing.
        var again = await client.GetDocumentAsync(link);
        Assert.NotNull(again.QuerySelector("[data-testid=link-invalid]"));
        Assert.Null(again.QuerySelector("main form"));
        var replay = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Password"] = "Someone-Else-2027",
            ["Input.ConfirmPassword"] = "Someone-Else-2027",
        });
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.NotNull((await HtmlClient.ParseAsync(replay)).QuerySelector("[data-testid=link-invalid]"));
        HtmlClient.AssertRedirect(await portal.CreateHtmlClient().SignInAsync(email, NewPassword), "/shop");
    }

    [Fact]
    public async Task Unknown_and_deactivated_addresses_get_the_same_answer_and_no_mail()
    {
        var unknown = TestAccounts.Unique("nobody");
        var deactivated = TestAccounts.Unique("former");
        await portal.CreateUserAsync(deactivated, await portal.CustomerIdAsync("10001"), active: false);
        var known = TestAccounts.Unique("known");
        await portal.CreateUserAsync(known, await portal.CustomerIdAsync("10001"));
        var client = portal.CreateHtmlClient();
        var answerForKnown = await RequestResetAsync(client, known);

        foreach (var email in new[] { unknown, deactivated })
        {
            var response = await RequestResetAsync(client, email);

            Assert.Equal(answerForKnown.StatusCode, response.StatusCode);
            Assert.Equal(answerForKnown.Headers.Location, response.Headers.Location);
        }

        await portal.Smtp.WaitForMessageToAsync(known);

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(portal.Smtp.MessagesTo(unknown));
        Assert.Empty(portal.Smtp.MessagesTo(deactivated));
        Assert.False(await portal.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == unknown || m.To == deactivated)));
    }

    [Fact]
    public async Task The_new_password_must_follow_the_password_rules()
    {
        var email = TestAccounts.Unique("weak");
        await portal.CreateUserAsync(email, await portal.CustomerIdAsync("10001"));
        var client = portal.CreateHtmlClient();
        await RequestResetAsync(client, email);
        var form = await client.GetDocumentAsync(MailContent.LinkIn(await portal.Smtp.WaitForMessageToAsync(email), "/account/reset-password"));

        var response = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Password"] = "short",
            ["Input.ConfirmPassword"] = "short",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("at least 10 characters", page.QuerySelector("[data-valmsg-for='Input.Password']")?.TextContent, StringComparison.Ordinal);
    }
}

/// Expiry needs a portal whose reset links live only seconds; Identity's token provider reads the system clock.
public sealed class PasswordResetExpiryTests
{
    [Fact]
    public async Task A_reset_link_is_refused_once_it_has_expired()
    {
        var lifetime = TimeSpan.FromSeconds(5);
        await using var portal = new MailTestPortal(seedDemo: false);
        portal.With("Accounts:PasswordResetLinkLifetime", "00:00:05");
        var email = TestAccounts.Unique("expired");
        await portal.CreateUserAsync(email, await portal.CreateCustomerAsync("90001", "Expiry GmbH"), Roles.Customer);
        var client = portal.CreateHtmlClient();
        var page = await client.GetDocumentAsync("/account/forgot-password");

        var requestedAt = DateTime.UtcNow;
        await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Email"] = email });
        var link = MailContent.LinkIn(await portal.Smtp.WaitForMessageToAsync(email), "/account/reset-password");
        // Opened in time, submitted too late: the user went for a coffee.
        var form = await client.GetDocumentAsync(link);
        Assert.Null(form.QuerySelector("[data-testid=link-invalid]"));
        var wait = requestedAt + lifetime + TimeSpan.FromSeconds(1) - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var response = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Password"] = "Too-Late-2027",
            ["Input.ConfirmPassword"] = "Too-Late-2027",
        });

        Assert.NotNull((await HtmlClient.ParseAsync(response)).QuerySelector("[data-testid=link-invalid]"));
        Assert.NotNull((await client.GetDocumentAsync(link)).QuerySelector("[data-testid=link-invalid]"));
        Assert.Equal(HttpStatusCode.OK, (await portal.CreateHtmlClient().SignInAsync(email, "Too-Late-2027")).StatusCode);
        HtmlClient.AssertRedirect(await portal.CreateHtmlClient().SignInAsync(email, DemoPortal.Password), "/shop");
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

public sealed class SignInTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task Buyer_signs_in_and_lands_on_the_shop_start_page_with_the_company_name()
    {
        var client = portal.CreateHtmlClient();

        var response = await client.SignInAsync(DemoPortal.Buyer, DemoPortal.Password);

        HtmlClient.AssertRedirect(response, "/shop");
        var start = await client.GetDocumentAsync("/shop");
        Assert.Equal("Malerbetrieb Kunz", start.QuerySelector("[data-testid=company-name]")?.TextContent.Trim());
        Assert.Contains("Malerbetrieb Kunz", start.QuerySelector(".brand-company")?.TextContent);
    }

    [Theory]
    [InlineData(DemoPortal.Sales, "/sales")]
    [InlineData(DemoPortal.ProductManager, "/pm")]
    [InlineData(DemoPortal.Admin, "/admin")]
    public async Task Staff_land_on_their_console(string email, string console)
    {
        var client = portal.CreateHtmlClient();

        var response = await client.SignInAsync(email, DemoPortal.Password);

        HtmlClient.AssertRedirect(response, console);
        var page = await client.Http.GetAsync(console);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Wrong_password_shows_an_error_and_does_not_sign_in()
    {
        var client = portal.CreateHtmlClient();

        var response = await client.SignInAsync(DemoPortal.Buyer, "Not-the-password1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("not correct", page.QuerySelector(".alert-error")?.TextContent);
        HtmlClient.AssertRedirect(await client.Http.GetAsync("/shop"), "/account/login");
    }

    [Fact]
    public async Task Unknown_user_gets_the_same_message_as_a_wrong_password()
    {
        var client = portal.CreateHtmlClient();

        var response = await client.SignInAsync("nobody@nowhere.example", DemoPortal.Password);

        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("The e-mail address or the password is not correct.", page.QuerySelector(".alert-error")?.TextContent);
    }

    [Fact]
    public async Task Empty_form_is_refused_with_a_message_per_field()
    {
        var client = portal.CreateHtmlClient();

        var response = await client.SignInAsync("", "");

        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("Please enter your e-mail address.", page.Body!.TextContent);
        Assert.Contains("Please enter your password.", page.Body.TextContent);
    }

    [Fact]
    public async Task Five_failed_attempts_lock_the_account_even_for_the_right_password()
    {
        var customerId = await portal.WithDbAsync(db => db.Customers.Where(c => c.Number == "10001").Select(c => c.Id).SingleAsync());
        await portal.CreateBuyerAsync("lockout@kunz.example", customerId);
        var client = portal.CreateHtmlClient();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await client.SignInAsync("lockout@kunz.example", "Wrong-password1");
        }

        var response = await client.SignInAsync("lockout@kunz.example", DemoPortal.Password);

        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("locked", page.QuerySelector(".alert-error")?.TextContent);
        HtmlClient.AssertRedirect(await client.Http.GetAsync("/shop"), "/account/login");
    }

    [Fact]
    public async Task Until_the_password_is_right_unknown_wrong_locked_and_deactivated_accounts_answer_alike()
    {
        var customerId = await portal.CustomerIdAsync("10001");
        await portal.CreateBuyerAsync("alike-real@kunz.example", customerId);
        await portal.CreateBuyerAsync("alike-locked@kunz.example", customerId);
        await portal.CreateBuyerAsync("alike-former@kunz.example", customerId, active: false);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await portal.CreateHtmlClient().SignInAsync("alike-locked@kunz.example", "Wrong-password1");
        }

        async Task<(HttpStatusCode, string?)> AnswerAsync(string email, string password)
        {
            var response = await portal.CreateHtmlClient().SignInAsync(email, password);
            return (response.StatusCode, (await HtmlClient.ParseAsync(response)).QuerySelector(".alert-error")?.TextContent.Trim());
        }

        var unknown = await AnswerAsync("nobody-at-all@kunz.example", "Wrong-password1");
        var wrong = await AnswerAsync("alike-real@kunz.example", "Wrong-password1");
        var locked = await AnswerAsync("alike-locked@kunz.example", "Wrong-password1");
        var deactivated = await AnswerAsync("alike-former@kunz.example", "Wrong-password1");

        Assert.Equal((HttpStatusCode.OK, "The e-mail address or the password is not correct."), unknown);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, locked);
        Assert.Equal(unknown, deactivated);
        // Only the right password earns the truth.
        Assert.Contains("locked", (await AnswerAsync("alike-locked@kunz.example", DemoPortal.Password)).Item2, StringComparison.Ordinal);
        Assert.Contains("deactivated", (await AnswerAsync("alike-former@kunz.example", DemoPortal.Password)).Item2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deactivated_user_cannot_sign_in()
    {
        var customerId = await portal.WithDbAsync(db => db.Customers.Where(c => c.Number == "10001").Select(c => c.Id).SingleAsync());
        await portal.CreateBuyerAsync("former@kunz.example", customerId, active: false);
        var client = portal.CreateHtmlClient();

        var response = await client.SignInAsync("former@kunz.example", DemoPortal.Password);

        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("deactivated", page.QuerySelector(".alert-error")?.TextContent);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var client = portal.CreateHtmlClient();
        await client.SignInAsync(DemoPortal.Buyer, DemoPortal.Password);
        var shop = await client.GetDocumentAsync("/shop");

        var response = await client.SubmitAsync(shop, "form.user-menu", new Dictionary<string, string>());

        HtmlClient.AssertRedirect(response, "/account/login");
        HtmlClient.AssertRedirect(await client.Http.GetAsync("/shop"), "/account/login");
    }

    [Fact]
    public async Task Sign_in_without_the_antiforgery_token_is_refused()
    {
        var client = portal.CreateHtmlClient();

        var response = await client.Http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = DemoPortal.Buyer,
            ["Input.Password"] = DemoPortal.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Return_url_to_another_site_is_ignored()
    {
        var client = portal.CreateHtmlClient();
        var page = await client.GetDocumentAsync("/account/login?returnUrl=https%3A%2F%2Fevil.example%2F");

        var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoPortal.Buyer,
            ["Input.Password"] = DemoPortal.Password,
        });

        HtmlClient.AssertRedirect(response, "/shop");
    }
}

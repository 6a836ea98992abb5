using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// Each instance remembers what a sign-in cookie decrypts to and which antiforgery request token it handed out for an
/// antiforgery cookie and a user (DecryptionMemo). That must only save work: the token stays bound to its user, and a
/// cookie that differs by one character is decrypted (and refused) on its own.
public sealed partial class DecryptionMemoTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task The_same_cookies_get_the_same_request_token_and_it_is_accepted()
    {
        var browser = new Browser(portal);
        await browser.SignInAsync(await NewBuyerAsync());

        var first = await browser.RequestTokenAsync("/shop/catalog");
        var second = await browser.RequestTokenAsync("/shop/catalog");

        Assert.Equal(first, second);
        var added = await browser.AddToCartAsync(await SmallPackAsync(), second);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains("Added to your cart", await added.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_user_in_the_same_browser_gets_another_token_and_the_first_users_token_is_refused()
    {
        var browser = new Browser(portal);
        await browser.SignInAsync(await NewBuyerAsync());
        var firstUsers = await browser.RequestTokenAsync("/shop/catalog");
        await browser.SignOutAsync();

        await browser.SignInAsync(await NewBuyerAsync());
        var secondUsers = await browser.RequestTokenAsync("/shop/catalog");

        Assert.NotEqual(firstUsers, secondUsers);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.AddToCartAsync(await SmallPackAsync(), firstUsers)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.AddToCartAsync(await SmallPackAsync(), secondUsers)).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_cookie_altered_by_one_character_is_refused_after_the_real_one_was_accepted()
    {
        var browser = new Browser(portal);
        await browser.SignInAsync(await NewBuyerAsync());
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "/shop")).StatusCode);

        browser.Alter("portal.auth");

        HtmlClient.AssertRedirect(await browser.SendAsync(HttpMethod.Get, "/shop"), "/account/login");
    }

    private async Task<string> NewBuyerAsync()
    {
        var email = TestAccounts.Unique("memo");
        await portal.CreateUserAsync(email, await portal.CustomerIdAsync("10001"));
        return email;
    }

    private async Task<int> SmallPackAsync() => (await portal.PackAsync(ShopDriver.WallPaint1L)).PackId;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("\"RequestVerificationToken\": \"([^\"]+)\"")]
    private static partial Regex HtmxToken();

    /// A browser with its own cookie jar, so that the test can see and change the cookies it sends.
    private sealed class Browser(PortalFactory portal)
    {
        private readonly HttpClient http = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        private readonly Dictionary<string, string> cookies = [];

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? htmxToken = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            if (htmxToken is not null)
            {
                request.Headers.Add("HX-Request", "true");
                request.Headers.Add("RequestVerificationToken", htmxToken);
            }

            var response = await http.SendAsync(request);
            foreach (var set in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = set.Split(';')[0];
                var (name, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
                if (value.Length == 0 || set.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    cookies.Remove(name);
                }
                else
                {
                    cookies[name] = value;
                }
            }

            return response;
        }

        public async Task SignInAsync(string email)
        {
            var page = await (await SendAsync(HttpMethod.Get, "/account/login")).Content.ReadAsStringAsync();
            var response = await SendAsync(HttpMethod.Post, "/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = DemoPortal.Password,
                ["__RequestVerificationToken"] = FormToken().Match(page).Groups[1].Value,
            }));
            HtmlClient.AssertRedirect(response, "/shop");
        }

        public async Task SignOutAsync()
        {
            var token = await RequestTokenAsync("/shop");
            var response = await SendAsync(HttpMethod.Post, "/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.DoesNotContain("portal.auth", cookies.Keys);
        }

        /// The token the layout hands htmx for this page.
        public async Task<string> RequestTokenAsync(string path)
        {
            var response = await SendAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var match = HtmxToken().Match(await response.Content.ReadAsStringAsync());
            Assert.True(match.Success, $"no antiforgery token on {path}");
            return match.Groups[1].Value;
        }

        public Task<HttpResponseMessage> AddToCartAsync(int packSizeId, string token) =>
            SendAsync(HttpMethod.Post, "/shop/cart?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["packSizeId"] = packSizeId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["quantity"] = "1",
            }), token);

        /// Changes one character in the middle of the cookie's value, keeping it valid base64url.
        public void Alter(string name)
        {
            var value = cookies[name];
            var middle = value.Length / 2;
            cookies[name] = value[..middle] + (value[middle] == 'A' ? 'B' : 'A') + value[(middle + 1)..];
        }
    }
}

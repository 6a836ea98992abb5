using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

public sealed class RoleBoundaryTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    public static TheoryData<string, string, HttpStatusCode> Access => new()
    {
        // Customers are refused every staff console.
        { DemoPortal.Buyer, "/sales", HttpStatusCode.Forbidden },
        { DemoPortal.Buyer, "/pm", HttpStatusCode.Forbidden },
        { DemoPortal.Buyer, "/admin", HttpStatusCode.Forbidden },
        { DemoPortal.BuyerAdmin, "/admin", HttpStatusCode.Forbidden },
        { DemoPortal.BuyerAdmin, "/sales", HttpStatusCode.Forbidden },
        { DemoPortal.Buyer, "/shop", HttpStatusCode.OK },
        // Staff have no company and no shop.
        { DemoPortal.Sales, "/shop", HttpStatusCode.Forbidden },
        { DemoPortal.Sales, "/sales", HttpStatusCode.OK },
        { DemoPortal.Sales, "/admin", HttpStatusCode.Forbidden },
        { DemoPortal.Sales, "/pm", HttpStatusCode.Forbidden },
        { DemoPortal.ProductManager, "/pm", HttpStatusCode.OK },
        { DemoPortal.ProductManager, "/sales", HttpStatusCode.Forbidden },
        { DemoPortal.ProductManager, "/admin", HttpStatusCode.Forbidden },
        { DemoPortal.Admin, "/admin", HttpStatusCode.OK },
        { DemoPortal.Admin, "/sales", HttpStatusCode.OK },
        { DemoPortal.Admin, "/pm", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Access))]
    public async Task Each_role_reaches_only_its_own_pages(string email, string path, HttpStatusCode expected)
    {
        var client = portal.CreateHtmlClient();
        await client.SignInAsync(email, DemoPortal.Password);

        var response = await client.Http.GetAsync(path);

        if (expected == HttpStatusCode.Forbidden)
        {
            HtmlClient.AssertRedirect(response, "/account/access-denied");
            var denied = await client.Http.GetAsync(response.Headers.Location);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }
        else
        {
            Assert.Equal(expected, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("/shop")]
    [InlineData("/sales")]
    [InlineData("/pm")]
    [InlineData("/admin")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string path)
    {
        var client = portal.CreateHtmlClient();

        var response = await client.Http.GetAsync(path);

        HtmlClient.AssertRedirect(response, "/account/login");
    }

    [Fact]
    public async Task An_htmx_request_without_a_session_gets_401_and_a_refresh_instead_of_a_login_page()
    {
        var client = portal.CreateHtmlClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/sales");
        request.Headers.Add("HX-Request", "true");

        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("HX-Refresh").Single());
    }
}

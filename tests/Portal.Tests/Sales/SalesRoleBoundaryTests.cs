using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Sales;

/// The policies (IdentityExtensions, applied per area in PortalHost): Sales = InsideSales or Admin, ProductManagement
/// = ProductManager or Admin, Administration = Admin, Buyer = Customer or CustomerAdmin with a company. Checked here
/// on the pages behind the area roots, GET and POST.
public sealed class SalesRoleBoundaryTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    public static TheoryData<string, string> Refused => new()
    {
        { DemoPortal.Sales, "/admin/segmentation" },
        { DemoPortal.Sales, "/admin/outbox" },
        { DemoPortal.Sales, "/admin/import" },
        { DemoPortal.Sales, "/pm" },
        { DemoPortal.Buyer, "/sales/tasks" },
        { DemoPortal.Buyer, "/sales/customers" },
        { DemoPortal.Buyer, "/sales/customers/10001" },
        { DemoPortal.Buyer, "/sales/customers/10001/order" },
        { DemoPortal.Buyer, "/sales/segments" },
        { DemoPortal.BuyerAdmin, "/sales/tasks" },
        { DemoPortal.BuyerAdmin, "/sales/customers/10001/order" },
        { DemoPortal.ProductManager, "/sales/tasks" },
        { DemoPortal.ProductManager, "/sales/customers/10001" },
        { DemoPortal.ProductManager, "/sales/customers/10001/order" },
        { DemoPortal.ProductManager, "/admin/segmentation" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Pages_outside_a_role_are_refused(string email, string path)
    {
        var client = await portal.SignedInAsync(email);

        HtmlClient.AssertRedirect(await client.Http.GetAsync(path), "/account/access-denied");
    }

    [Theory]
    [InlineData(DemoPortal.Buyer, "/sales/customers/10001?handler=Potential")]
    [InlineData(DemoPortal.ProductManager, "/sales/customers/10001/order?handler=Place")]
    [InlineData(DemoPortal.Buyer, "/sales/tasks?handler=Complete")]
    public async Task Posts_outside_a_role_change_nothing(string email, string path)
    {
        var client = await portal.SignedInAsync(email);
        var own = await client.GetDocumentAsync(email == DemoPortal.ProductManager ? "/pm" : "/shop");
        var token = own.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";

        var response = await client.Http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Potential.Amount"] = "1",
            ["Potential.Reason"] = "x",
            ["Rows[0].Sku"] = ShopDriver.WallPaint1L,
            ["Rows[0].Quantity"] = "1",
            ["id"] = "1",
            ["outcome"] = "x",
        }));

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            HtmlClient.AssertRedirect(response, "/account/access-denied");
        }

        Assert.Null(await portal.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Customers.Where(c => c.Number == "10001").Select(c => c.Potential))));
    }

    [Theory]
    [InlineData("/sales/tasks")]
    [InlineData("/sales/customers/10001")]
    [InlineData("/sales/customers/10001/order")]
    public async Task Inside_sales_and_admins_reach_the_sales_pages(string path)
    {
        foreach (var email in new[] { DemoPortal.Sales, DemoPortal.Admin })
        {
            var client = await portal.SignedInAsync(email);
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(path)).StatusCode);
        }
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

/// The same foundation on a real PostgreSQL server (started by ./test.sh), including what several instances
/// behind a load balancer need: one schema, one demo, and cookies that every instance accepts.
[Trait("Category", "Postgres")]
public sealed class PostgresFoundationTests
{
    [Fact]
    public async Task Migrations_and_demo_seed_run_on_postgres_and_a_buyer_signs_in()
    {
        await using var portal = new PortalFactory(DatabaseKind.Postgres);
        var client = portal.CreateHtmlClient();

        var response = await client.SignInAsync(DemoPortal.Buyer, DemoPortal.Password);

        HtmlClient.AssertRedirect(response, "/shop");
        var shop = await client.GetDocumentAsync("/shop");
        Assert.Equal("Malerbetrieb Kunz", shop.QuerySelector("[data-testid=company-name]")?.TextContent.Trim());
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", await portal.WithDbAsync(db => Task.FromResult(db.Database.ProviderName)));
        Assert.True(await portal.WithDbAsync(db => db.Orders.CountAsync()) > 100);
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionStringFor(portal.DatabaseName!));
        await connection.OpenAsync();
        Assert.StartsWith("PostgreSQL", (string)(await new NpgsqlCommand("SELECT version()", connection).ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Health_and_staff_pages_answer_on_postgres()
    {
        await using var portal = new PortalFactory(DatabaseKind.Postgres);
        var admin = portal.CreateHtmlClient();
        await admin.SignInAsync(DemoPortal.Admin, DemoPortal.Password);

        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/healthz")).StatusCode);
        var customers = await admin.GetDocumentAsync("/sales/customers?q=kunz");
        Assert.Contains("Malerbetrieb Kunz", customers.QuerySelector("table")!.TextContent);
        var products = await admin.GetDocumentAsync("/pm?q=SUDHANG");
        Assert.Contains("Interior wall paint", products.QuerySelector("table")!.TextContent);
        var staff = await admin.GetDocumentAsync("/admin");
        Assert.Contains("sales@portal.example", staff.QuerySelector("table")!.TextContent);
    }

    [Fact]
    public async Task A_cookie_issued_by_one_instance_is_accepted_by_another()
    {
        var database = $"portal_test_{Guid.NewGuid():N}";
        await using var first = new PortalFactory(DatabaseKind.Postgres, sharedDatabase: database);
        await using var second = new PortalFactory(DatabaseKind.Postgres, sharedDatabase: database) { DropDatabaseOnDispose = false };
        var viaFirst = first.CreateHtmlClient();
        HtmlClient.AssertRedirect(await viaFirst.SignInAsync(DemoPortal.Buyer, DemoPortal.Password), "/shop");
        var viaSecond = second.CreateHtmlClient();

        // The browser sends the same cookie to whichever instance the load balancer picks.
        var request = new HttpRequestMessage(HttpMethod.Get, "/shop");
        request.Headers.Add("Cookie", await CookieHeaderAsync(viaFirst));
        var response = await viaSecond.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Malerbetrieb Kunz", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await second.WithDbAsync(db => db.Customers.CountAsync(c => c.Name == "Malerbetrieb Kunz")));
    }

    [Fact]
    public async Task Two_instances_starting_at_once_on_an_empty_database_migrate_and_seed_it_once()
    {
        var database = $"portal_test_{Guid.NewGuid():N}";
        await using var first = new PortalFactory(DatabaseKind.Postgres, sharedDatabase: database);
        await using var second = new PortalFactory(DatabaseKind.Postgres, sharedDatabase: database) { DropDatabaseOnDispose = false };

        await Task.WhenAll(Task.Run(() => first.CreateClient()), Task.Run(() => second.CreateClient()));

        Assert.Equal(1, await first.WithDbAsync(db => db.Customers.CountAsync(c => c.Name == "Malerbetrieb Kunz")));
        Assert.Equal(HttpStatusCode.OK, (await second.CreateClient().GetAsync("/healthz")).StatusCode);
    }

    /// The newcomer's whole demo (as docker compose's replicas seed it), not the tests' eight companies: the first
    /// instance's seed runs for many seconds. A second instance that seeded beside it waited inside one of its
    /// commands for the first one's seed transaction, until Npgsql's command timeout (30 s; here 5 s, shorter than
    /// that seed and far longer than any one of its commands) ended its start. It waits for the first one's
    /// start-up lock instead, between commands, then finds the demo there.
    [Fact]
    public async Task Two_instances_starting_at_once_with_the_whole_demo_both_come_up_and_the_demo_is_there_once()
    {
        var database = $"portal_test_{Guid.NewGuid():N}";
        var demoCustomers = new Portal.Data.PortalOptions().DemoCustomers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var connection = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionStringFor(database)) { CommandTimeout = 5 }.ConnectionString;
        await using var first = new PortalFactory(DatabaseKind.Postgres, sharedDatabase: database)
            .With("Portal:DemoCustomers", demoCustomers).With("ConnectionStrings:Portal", connection);
        await using var second = new PortalFactory(DatabaseKind.Postgres, sharedDatabase: database) { DropDatabaseOnDispose = false }
            .With("Portal:DemoCustomers", demoCustomers).With("ConnectionStrings:Portal", connection);

        await Task.WhenAll(Task.Run(() => first.CreateClient()), Task.Run(() => second.CreateClient()));

        foreach (var instance in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.OK, (await instance.CreateClient().GetAsync("/healthz")).StatusCode);
            var buyer = instance.CreateHtmlClient();
            HtmlClient.AssertRedirect(await buyer.SignInAsync(DemoPortal.Buyer, DemoPortal.Password), "/shop");
        }

        Assert.Equal(new Portal.Data.PortalOptions().DemoCustomers, await first.WithDbAsync(db => db.Customers.CountAsync()));
        string[] accounts = [DemoPortal.Buyer, DemoPortal.BuyerAdmin, DemoPortal.OtherBuyer, DemoPortal.Sales, DemoPortal.ProductManager, DemoPortal.Admin];
        var found = await first.WithDbAsync(db => db.Users.Where(u => accounts.Contains(u.Email!)).Select(u => u.Email!).ToListAsync());
        Assert.Equal(accounts.Order(), found.Order());
        // What the seed makes after its transaction happened once too: today's segmentation run, the demo campaign,
        // one journey enrolment per customer and journey.
        Assert.Equal(1, await first.WithDbAsync(db => db.SegmentationRuns.CountAsync()));
        Assert.Equal(1, await first.WithDbAsync(db => db.Campaigns.CountAsync()));
        var enrolments = await first.WithDbAsync(db => db.JourneyEnrolments.Select(e => new { e.JourneyId, e.CustomerId }).ToListAsync());
        Assert.NotEmpty(enrolments);
        Assert.Equal(enrolments.Count, enrolments.Distinct().Count());
    }

    /// The auth cookie the first client holds, as a Cookie header (the test server's client keeps cookies internally).
    private static async Task<string> CookieHeaderAsync(HtmlClient client)
    {
        var echo = await client.Http.GetAsync("/shop");
        var cookies = echo.RequestMessage!.Headers.TryGetValues("Cookie", out var values) ? string.Join("; ", values) : "";
        Assert.Contains("portal.auth=", cookies);
        return cookies;
    }
}

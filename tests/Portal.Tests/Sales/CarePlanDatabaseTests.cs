using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Customers;
using Portal.Sales;
using Portal.Segmentation;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Sales;

/// Task generation writes through the bulk insert (COPY on PostgreSQL) and relies on the unique open key: checked
/// on both databases.
public abstract class CarePlanDatabaseTests(DatabaseKind kind) : IAsyncLifetime
{
    private readonly PortalFactory portal = new PortalFactory(kind, seedDemo: true).With("CarePlan:Enabled", "false");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task Generating_twice_makes_one_task_and_a_second_open_task_of_a_kind_is_refused_by_the_database()
    {
        var today = Portal.Localization.Dates.BusinessToday(TimeProvider.System);
        var customerId = await portal.WithDbAsync(async db =>
        {
            var rep = await db.Users.Where(u => u.Email == DemoPortal.Sales).Select(u => u.Id).SingleAsync();
            var customer = new Customer { Number = "CARE-DB-1", Name = "Care db", AssignedRepId = rep };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            db.CustomerFigures.Add(new CustomerFigures { CustomerId = customer.Id, AsOf = today, Strategy = Strategy.KeyAccount, ComputedSegment = Segment.A, RevenueSegment = Segment.A, SegmentReason = "test", ComputedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            return customer.Id;
        });

        for (var i = 0; i < 2; i++)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CarePlan>().GenerateAsync(default);
        }

        var task = await portal.WithDbAsync(db => db.CareTasks.SingleAsync(t => t.CustomerId == customerId));
        Assert.Equal(CareTaskKind.Visit, task.Kind);
        Assert.Equal(today, task.DueOn);
        await Assert.ThrowsAsync<DbUpdateException>(() => portal.WithDbAsync(db =>
        {
            db.CareTasks.Add(new CareTask { CustomerId = customerId, Kind = CareTaskKind.Visit, AssignedUserId = task.AssignedUserId, DueOn = today, Reason = "twice", OpenKey = CareTask.KeyFor(customerId, CareTaskKind.Visit) });
            return db.SaveChangesAsync();
        }));
    }
}

public sealed class SqliteCarePlanDatabaseTests() : CarePlanDatabaseTests(DatabaseKind.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresCarePlanDatabaseTests() : CarePlanDatabaseTests(DatabaseKind.Postgres);

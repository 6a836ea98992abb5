using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Customers;
using Portal.Sales;
using Portal.Segmentation;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;

namespace Portal.Tests.Sales;

/// The clock starts at noon business time so that a day's arithmetic does not depend on when the tests run; the
/// worker polls every 100 ms on real time while "now" is moved by the tests.
public sealed class CarePortal : PortalFactory
{
    public CarePortal() : base(DatabaseKind.Sqlite, seedDemo: true)
    {
        With("CarePlan:Interval", "00:00:00.100");
        With("CarePlan:LeadDays", "7");
        // The journeys off: the care plan makes the segmentation actions' tasks itself (with the journeys on, the
        // journeys follow those actions up; see Care/JourneyTests).
        With("Journeys:Enabled", "false");
    }

    public SettableClock Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 11, 0, 0, TimeSpan.Zero));

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    }
}

public sealed class CarePlanTests(CarePortal portal) : IClassFixture<CarePortal>
{
    private DateOnly Today => Portal.Localization.Dates.BusinessToday(portal.Clock);

    /// A customer of the test's own with figures from a run, the given strategy, and a rep of its own (so that the
    /// rep's task list holds only this test's tasks).
    /// lastCall: a call logged before, saved with the figures (the worker, running every 100 ms, must never see the
    /// customer without it).
    private async Task<(int CustomerId, string Number, string RepId, string RepEmail)> CustomerAsync(Strategy strategy, bool withRep = true, DateTimeOffset? lastCall = null)
    {
        var number = $"C{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var repEmail = $"rep-{number}@portal.example".ToLowerInvariant();
        string? repId = null;
        if (withRep)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            var staff = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Identity.PortalUser>>();
            var rep = new Portal.Identity.PortalUser { UserName = repEmail, Email = repEmail, EmailConfirmed = true, DisplayName = "Rep " + number, Language = "en" };
            Assert.True((await staff.CreateAsync(rep, DemoPortal.Password)).Succeeded);
            await staff.AddToRoleAsync(rep, Portal.Identity.Roles.InsideSales);
            repId = rep.Id;
        }

        var id = await portal.WithDbAsync(async db =>
        {
            var customer = new Customer { Number = number, Name = $"Care customer {number}", Segment = Segment.B, AssignedRepId = repId };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            db.CustomerFigures.Add(new CustomerFigures { CustomerId = customer.Id, AsOf = Today, Strategy = strategy, ComputedSegment = Segment.B, RevenueSegment = Segment.B, SegmentReason = "test", ComputedAt = portal.Clock.GetUtcNow() });
            if (lastCall is { } at)
            {
                db.Touches.Add(new Touch { CustomerId = customer.Id, Kind = TouchKind.Call, At = at, Note = "last call" });
            }

            await db.SaveChangesAsync();
            return customer.Id;
        });
        return (id, number, repId ?? "", repEmail);
    }

    private Task<List<CareTask>> TasksAsync(int customerId) =>
        portal.WithDbAsync(db => db.CareTasks.AsNoTracking().Where(t => t.CustomerId == customerId).OrderBy(t => t.Id).ToListAsync());

    private async Task<CarePlan.GenerateResult> GenerateAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CarePlan>().GenerateAsync(default);
    }

    [Fact]
    public async Task Care_intensity_makes_one_open_task_per_kind_whatever_how_often_it_runs()
    {
        var develop = await CustomerAsync(Strategy.Develop);
        var keyAccount = await CustomerAsync(Strategy.KeyAccount);
        var selfService = await CustomerAsync(Strategy.SelfService);
        var noRep = await CustomerAsync(Strategy.InsideSales, withRep: false);

        for (var i = 0; i < 3; i++)
        {
            await GenerateAsync();
        }

        var developTasks = await TasksAsync(develop.CustomerId);
        Assert.Equal(CareTaskKind.Call, Assert.Single(developTasks).Kind);
        Assert.Equal(Today, developTasks[0].DueOn);
        Assert.Equal(develop.RepId, developTasks[0].AssignedUserId);
        Assert.Equal(CareTaskKind.Visit, Assert.Single(await TasksAsync(keyAccount.CustomerId)).Kind);
        Assert.Empty(await TasksAsync(selfService.CustomerId));
        Assert.Empty(await TasksAsync(noRep.CustomerId));
    }

    [Fact]
    public async Task After_a_call_the_next_one_comes_with_the_clock_one_interval_later_and_the_worker_creates_it()
    {
        // InsideSales: 12 calls a year, one every 30 days; the task appears 7 days ahead.
        var customer = await CustomerAsync(Strategy.InsideSales, lastCall: portal.Clock.GetUtcNow().AddDays(-10));
        await GenerateAsync();
        Assert.Empty(await TasksAsync(customer.CustomerId));

        portal.Clock.Advance(TimeSpan.FromDays(14));
        // The background worker, driven by the clock, picks it up on its own.
        await Eventually.TrueAsync(async () => (await TasksAsync(customer.CustomerId)).Count == 1, "the worker creates the call task");
        await GenerateAsync();
        var task = Assert.Single(await TasksAsync(customer.CustomerId));
        Assert.Equal(Today.AddDays(-14).AddDays(-10).AddDays(30), task.DueOn);
        Assert.Equal(CareTaskStatus.Open, task.Status);
    }

    [Fact]
    public async Task Segmentation_actions_become_tasks_and_closing_the_action_cancels_the_task()
    {
        var customer = await CustomerAsync(Strategy.SelfService);
        var actionId = await portal.WithDbAsync(async db =>
        {
            var action = new SegmentationAction { CustomerId = customer.CustomerId, Kind = SegmentationActionKind.MoveToSelfService, Reason = "5 of 6 orders by phone", CreatedAt = portal.Clock.GetUtcNow(), Status = SegmentationActionStatus.Open };
            db.SegmentationActions.Add(action);
            db.SegmentationActions.Add(new SegmentationAction { CustomerId = customer.CustomerId, Kind = SegmentationActionKind.Reactivate, Reason = "no order for 90 days", CreatedAt = portal.Clock.GetUtcNow(), Status = SegmentationActionStatus.Open });
            db.SegmentationActions.Add(new SegmentationAction { CustomerId = customer.CustomerId, Kind = SegmentationActionKind.ReviewTerms, Reason = "negative contribution", CreatedAt = portal.Clock.GetUtcNow(), Status = SegmentationActionStatus.Open });
            await db.SaveChangesAsync();
            return action.Id;
        });

        await GenerateAsync();
        await GenerateAsync();

        var tasks = await TasksAsync(customer.CustomerId);
        Assert.Equal([CareTaskKind.MoveToSelfService, CareTaskKind.Reactivate], tasks.Select(t => t.Kind).Order().ToArray());
        Assert.Equal(Today.AddDays(7), tasks[0].DueOn);
        Assert.Equal("5 of 6 orders by phone", tasks.Single(t => t.Kind == CareTaskKind.MoveToSelfService).Reason);

        await portal.WithDbAsync(db => db.SegmentationActions.Where(a => a.Id == actionId).ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, SegmentationActionStatus.Obsolete)));
        await GenerateAsync();

        tasks = await TasksAsync(customer.CustomerId);
        Assert.Equal(CareTaskStatus.Cancelled, tasks.Single(t => t.Kind == CareTaskKind.MoveToSelfService).Status);
        Assert.Equal(CareTaskStatus.Open, tasks.Single(t => t.Kind == CareTaskKind.Reactivate).Status);
    }

    [Fact]
    public async Task The_rep_completes_a_call_with_an_outcome_which_records_the_call_and_snoozes_another_task()
    {
        var customer = await CustomerAsync(Strategy.KeyAccount);
        await portal.WithDbAsync(async db =>
        {
            db.SegmentationActions.Add(new SegmentationAction { CustomerId = customer.CustomerId, Kind = SegmentationActionKind.Reactivate, Reason = "no order for 90 days", CreatedAt = portal.Clock.GetUtcNow().AddDays(-30), Status = SegmentationActionStatus.Open });
            return await db.SaveChangesAsync();
        });
        await GenerateAsync();
        // The generator never creates a task already overdue; a rep who let it slip sees it marked.
        await portal.WithDbAsync(db => db.CareTasks.Where(t => t.CustomerId == customer.CustomerId && t.Kind == CareTaskKind.Reactivate).ExecuteUpdateAsync(u => u.SetProperty(t => t.DueOn, Today.AddDays(-2))));
        var rep = await portal.SignedInAsync(customer.RepEmail);
        var page = await rep.GetDocumentAsync("/sales/tasks");
        var visit = (await TasksAsync(customer.CustomerId)).Single(t => t.Kind == CareTaskKind.Visit);
        var reactivate = (await TasksAsync(customer.CustomerId)).Single(t => t.Kind == CareTaskKind.Reactivate);
        // The action was proposed 30 days ago, due 7 days after: overdue.
        Assert.Equal("true", page.QuerySelector($"[data-task='{reactivate.Id}']")!.GetAttribute("data-overdue"));
        Assert.Equal("false", page.QuerySelector($"[data-task='{visit.Id}']")!.GetAttribute("data-overdue"));
        Assert.Equal("1 overdue", page.QuerySelector("[data-testid=overdue-count]")!.TextContent);

        // Bad input: no outcome, a date in the past. The typed text stays, nothing changes.
        var noOutcome = await HtmlClient.ParseAsync(await rep.SubmitAsync(page, $"[data-task='{visit.Id}'] [data-testid=complete-form]", new Dictionary<string, string> { ["outcome"] = " " }));
        Assert.Equal("Please note the outcome.", noOutcome.QuerySelector($"[data-task='{visit.Id}'] [data-testid=task-error]")!.TextContent);
        var past = await HtmlClient.ParseAsync(await rep.SubmitAsync(page, $"[data-task='{reactivate.Id}'] [data-testid=snooze-form]", new Dictionary<string, string> { ["until"] = Today.AddDays(-1).ToString("yyyy-MM-dd") }));
        Assert.Contains("between tomorrow and one year", past.QuerySelector($"[data-task='{reactivate.Id}'] [data-testid=task-error]")!.TextContent);
        Assert.Equal(Today.AddDays(-1).ToString("yyyy-MM-dd"), past.QuerySelector($"#until-{reactivate.Id}")!.GetAttribute("value"));

        var completed = await rep.SubmitAsync(page, $"[data-task='{visit.Id}'] [data-testid=complete-form]", new Dictionary<string, string> { ["outcome"] = "Visited the workshop, new project in spring." });
        var snoozed = await rep.SubmitAsync(page, $"[data-task='{reactivate.Id}'] [data-testid=snooze-form]", new Dictionary<string, string> { ["until"] = Today.AddDays(10).ToString("yyyy-MM-dd") });

        HtmlClient.AssertRedirect(completed, "/sales/tasks");
        HtmlClient.AssertRedirect(snoozed, "/sales/tasks");
        var tasks = await TasksAsync(customer.CustomerId);
        var done = tasks.Single(t => t.Id == visit.Id);
        Assert.Equal(CareTaskStatus.Done, done.Status);
        Assert.Equal("Visited the workshop, new project in spring.", done.Outcome);
        Assert.Null(done.OpenKey);
        var touch = await portal.WithDbAsync(db => db.Touches.SingleAsync(t => t.CustomerId == customer.CustomerId));
        Assert.Equal(TouchKind.Visit, touch.Kind);
        Assert.Equal(customer.RepId, touch.UserId);
        var moved = tasks.Single(t => t.Id == reactivate.Id);
        Assert.Equal(Today.AddDays(10), moved.DueOn);
        Assert.Equal(1, moved.Snoozes);

        // The next visit comes a quarter after this one, not before.
        await GenerateAsync();
        Assert.DoesNotContain(await TasksAsync(customer.CustomerId), t => t.Kind == CareTaskKind.Visit && t.Status == CareTaskStatus.Open);
        portal.Clock.Advance(TimeSpan.FromDays(91 - 7));
        await GenerateAsync();
        var next = (await TasksAsync(customer.CustomerId)).Single(t => t.Kind == CareTaskKind.Visit && t.Status == CareTaskStatus.Open);
        Assert.Equal(Portal.Localization.Dates.BusinessDay(touch.At).AddDays(91), next.DueOn);
        portal.Clock.Advance(-TimeSpan.FromDays(91 - 7));
    }

    [Fact]
    public async Task A_rep_cannot_complete_or_see_another_reps_task()
    {
        var mine = await CustomerAsync(Strategy.Develop);
        var theirs = await CustomerAsync(Strategy.Develop);
        await GenerateAsync();
        var rep = await portal.SignedInAsync(mine.RepEmail);
        var page = await rep.GetDocumentAsync("/sales/tasks");
        var foreign = (await TasksAsync(theirs.CustomerId)).Single();
        Assert.Null(page.QuerySelector($"[data-task='{foreign.Id}']"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await rep.Http.PostAsync("/sales/tasks?handler=Complete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["id"] = foreign.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["outcome"] = "not mine",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CareTaskStatus.Open, (await TasksAsync(theirs.CustomerId)).Single().Status);
    }

    [Fact]
    public async Task The_tasks_page_pages_and_is_linked_in_the_staff_navigation()
    {
        var rep = await CustomerAsync(Strategy.SelfService);
        await portal.WithDbAsync(async db =>
        {
            for (var i = 0; i < 30; i++)
            {
                var customer = new Customer { Number = $"{rep.Number}-{i:D2}", Name = $"Paged {i:D2}", AssignedRepId = rep.RepId };
                db.Customers.Add(customer);
                await db.SaveChangesAsync();
                db.CustomerFigures.Add(new CustomerFigures { CustomerId = customer.Id, AsOf = Today, Strategy = Strategy.InsideSales, ComputedSegment = Segment.B, RevenueSegment = Segment.B, SegmentReason = "test", ComputedAt = portal.Clock.GetUtcNow() });
                db.CareTasks.Add(new CareTask { CustomerId = customer.Id, Kind = CareTaskKind.Call, AssignedUserId = rep.RepId, DueOn = Today.AddDays(i), Reason = "paging", CreatedAt = portal.Clock.GetUtcNow(), OpenKey = CareTask.KeyFor(customer.Id, CareTaskKind.Call) });
            }

            return await db.SaveChangesAsync();
        });
        var client = await portal.SignedInAsync(rep.RepEmail);

        var first = await client.GetDocumentAsync("/sales/tasks");
        var second = await client.GetDocumentAsync("/sales/tasks?p=2");

        Assert.NotNull(first.QuerySelector("[data-testid=nav-tasks][href='/sales/tasks']"));
        Assert.Equal(25, first.QuerySelectorAll("[data-testid=tasks] > li").Length);
        Assert.Equal(5, second.QuerySelectorAll("[data-testid=tasks] > li").Length);
        Assert.NotNull(first.QuerySelector(".pager a[rel=next]"));
    }
}

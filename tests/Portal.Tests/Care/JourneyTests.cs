using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Care.Journeys;
using Portal.Customers;
using Portal.Mail;
using Portal.Sales;
using Portal.Segmentation;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;

namespace Portal.Tests.Care;

/// The shipped journeys driven by their own worker: nothing is called by hand, only the clock moves.
public sealed class JourneyTests(JourneyPortal portal) : IClassFixture<JourneyPortal>
{
    private SettableClock Clock => portal.Clock;

    [Fact]
    public async Task Welcome_to_self_service_invites_mails_the_reorder_list_and_gives_the_rep_a_task_on_day_14_unless_the_customer_ordered_online()
    {
        var first = await portal.NewCareCustomerAsync(Clock);
        var second = await portal.NewCareCustomerAsync(Clock);
        // The segmentation proposes self-service for the first; the second is moved into class C.
        await portal.ActionAsync(first, SegmentationActionKind.MoveToSelfService, Clock);
        await portal.WithDbAsync(db =>
        {
            db.CustomerSegmentChanges.Add(new CustomerSegmentChange { CustomerId = second.Id, At = Clock.GetUtcNow(), FromSegment = Segment.B, ToSegment = Segment.C, Reason = "test" });
            return db.SaveChangesAsync();
        });

        // Day 0: the contact without an account is invited (transactional), the buyer gets "reorder in two clicks".
        var invitation = await portal.Smtp.WaitForMessageToAsync(first.ContactEmail);
        Assert.Equal($"Rita Rep invites you to order for Journey test {first.Number}", invitation.Subject);
        Assert.Null(invitation.Headers["List-Unsubscribe"]);
        var mail = await WaitForSubjectAsync(first.BuyerEmail, $"Journey test {first.Number}: reorder in two clicks");
        Assert.Matches("^<https://portal\\.example/unsubscribe/[A-Za-z0-9_-]{43}>$", mail.Headers["List-Unsubscribe"]!);
        Assert.Contains("Hello Bea Buyer,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(ShopDriver.WallPaint2L5, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Rita Rep", mail.TextBody, StringComparison.Ordinal);
        // The link opens a reorder list with the company's top articles, ready for the cart.
        var buyer = await portal.SignedInAsync(first.BuyerEmail);
        var list = await buyer.GetDocumentAsync(ListPathIn(mail));
        Assert.Contains(ShopDriver.WallPaint2L5, list.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains(ShopDriver.WallPaint1L, list.Body!.TextContent, StringComparison.Ordinal);
        // The contact got the mail too (contacts are recipients), and the second company's contact its invitation.
        await WaitForSubjectAsync(first.ContactEmail, $"Journey test {first.Number}: reorder in two clicks");
        await portal.Smtp.WaitForMessageToAsync(second.ContactEmail);
        await portal.UntilAsync(first, JourneyDefaults.Welcome, e => e.CurrentStep == 3, "the first customer waits for day 14");
        // The care plan leaves the action to the journey: no second task for the rep.
        await portal.WithScopeAsync<CarePlan>(plan => plan.GenerateAsync(default));
        Assert.Empty(await portal.TasksAsync(first));

        // Day 3: the second company's buyer orders from the mail's list in two clicks and leaves the journey as converted.
        var secondMail = await WaitForSubjectAsync(second.BuyerEmail, $"Journey test {second.Number}: reorder in two clicks");
        Clock.Advance(TimeSpan.FromDays(3));
        var secondBuyer = await portal.SignedInAsync(second.BuyerEmail);
        var secondList = await secondBuyer.GetDocumentAsync(ListPathIn(secondMail));
        await secondBuyer.SubmitAsync(secondList, "form[action*='AddAll']", new Dictionary<string, string>());
        await secondBuyer.PlaceOrderAsync();
        await portal.UntilAsync(second, JourneyDefaults.Welcome, e => e.Status == JourneyEnrolmentStatus.Converted, "the second customer converted");

        // Day 14: the rep's task for the first; none for the second.
        Clock.Advance(TimeSpan.FromDays(11));
        await portal.UntilAsync(first, JourneyDefaults.Welcome, e => e.Status == JourneyEnrolmentStatus.Completed, "the first customer's journey ran to its end");
        var task = Assert.Single(await portal.TasksAsync(first));
        Assert.Equal(CareTaskKind.MoveToSelfService, task.Kind);
        Assert.Equal(first.RepId, task.AssignedUserId);
        Assert.Equal("Help with the first online order (journey “Welcome to self-service”)", task.Reason);
        Assert.Empty(await portal.TasksAsync(second));
        var rep = await portal.SignedInAsync(first.RepEmail);
        var tasks = await rep.GetDocumentAsync("/sales/tasks");
        Assert.Contains("Help with the first online order", tasks.QuerySelector($"[data-task='{task.Id}']")!.TextContent, StringComparison.Ordinal);

        // Each mail once.
        await portal.OutboxDrainedAsync(first.BuyerEmail);
        Assert.Single(portal.Smtp.MessagesTo(first.BuyerEmail));
        Assert.Equal(2, portal.Smtp.MessagesTo(first.ContactEmail).Count);
    }

    [Fact]
    public async Task We_miss_you_mails_the_frequent_articles_at_current_prices_and_gives_the_rep_a_task_on_day_21()
    {
        var customer = await portal.NewCareCustomerAsync(Clock);
        await portal.ActionAsync(customer, SegmentationActionKind.Reactivate, Clock);

        var mail = await WaitForSubjectAsync(customer.BuyerEmail, $"We miss you, Journey test {customer.Number}");
        Assert.Contains(ShopDriver.WallPaint2L5, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://portal.example/shop/reorder-lists/frequent", mail.TextBody, StringComparison.Ordinal);
        // The price is the company's price now, not what the old orders were billed at (1.00).
        Assert.DoesNotContain(": 1.00 €", mail.TextBody, StringComparison.Ordinal);
        Assert.Matches(@"6 × .+ \(P110-2\): \d+\.\d\d €", mail.TextBody);
        await portal.UntilAsync(customer, JourneyDefaults.WeMissYou, e => e.CurrentStep == 2, "waiting for day 21");
        Assert.Empty(await portal.TasksAsync(customer));

        Clock.Advance(TimeSpan.FromDays(21));
        await portal.UntilAsync(customer, JourneyDefaults.WeMissYou, e => e.Status == JourneyEnrolmentStatus.Completed, "the journey ran to its end");
        var task = Assert.Single(await portal.TasksAsync(customer));
        Assert.Equal(CareTaskKind.Reactivate, task.Kind);
    }

    [Fact]
    public async Task Review_terms_gives_the_rep_a_task_with_the_figures_and_sends_no_mail()
    {
        var customer = await portal.NewCareCustomerAsync(Clock);
        await portal.WithDbAsync(db =>
        {
            db.CustomerFigures.Add(new CustomerFigures
            {
                CustomerId = customer.Id, AsOf = Portal.Localization.Dates.BusinessToday(Clock), Revenue = 1234.5m, Contribution = -45m, CostToServe = 75m,
                Orders = 6, PhoneOrders = 5, Strategy = Strategy.SelfService, ComputedSegment = Segment.C, RevenueSegment = Segment.C, SegmentReason = "test", ComputedAt = Clock.GetUtcNow(),
            });
            return db.SaveChangesAsync();
        });
        await portal.ActionAsync(customer, SegmentationActionKind.ReviewTerms, Clock);

        await portal.UntilAsync(customer, JourneyDefaults.ReviewTerms, e => e.Status == JourneyEnrolmentStatus.Completed, "the journey ran");
        var task = Assert.Single(await portal.TasksAsync(customer));
        Assert.Equal(CareTaskKind.ReviewTerms, task.Kind);
        Assert.Equal("Review the terms: the figures are attached (journey “Review terms”): revenue 1,234.50, contribution -45.00, cost to serve 75.00, 6 orders, 5 of them by phone", task.Reason);
        Assert.False(await portal.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == customer.BuyerEmail || m.To == customer.ContactEmail)));

        // The rep reads it in German.
        var rep = await portal.SignedInAsync(customer.RepEmail);
        await rep.SubmitAsync(await rep.GetDocumentAsync("/sales/tasks"), "form[action='/culture']", new Dictionary<string, string> { ["culture"] = "de" });
        var page = await rep.GetDocumentAsync("/sales/tasks");
        Assert.Contains("Konditionen prüfen: die Kennzahlen stehen dabei (Strecke „Konditionen prüfen“): Umsatz 1.234,50", page.QuerySelector($"[data-task='{task.Id}']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsubscribed_contact_gets_no_journey_mail_while_the_others_do()
    {
        var customer = await portal.NewCareCustomerAsync(Clock);
        await portal.WithScopeAsync<MailConsents>(consents => consents.SetAsync(customer.BuyerEmail, subscribed: false));
        await portal.ActionAsync(customer, SegmentationActionKind.Reactivate, Clock);

        await WaitForSubjectAsync(customer.ContactEmail, $"We miss you, Journey test {customer.Number}");
        await portal.UntilAsync(customer, JourneyDefaults.WeMissYou, e => e.CurrentStep >= 1, "the mail step ran");
        Assert.False(await portal.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == customer.BuyerEmail)));
    }

    [Fact]
    public async Task Switching_a_journey_off_on_the_page_stops_new_enrolments_and_switching_it_on_takes_them_in_again()
    {
        var sales = await portal.SignedInAsync(DemoPortal.Sales);
        var welcome = await portal.JourneyIdAsync(JourneyDefaults.Welcome);
        var page = await sales.GetDocumentAsync("/sales/care");
        Assert.Equal("true", page.QuerySelector($"[data-journey='{welcome}']")!.GetAttribute("data-enabled"));
        HtmlClient.AssertRedirect(await sales.SubmitAsync(page, $"[data-journey='{welcome}'] form", new Dictionary<string, string>()), "/sales/care");
        Assert.Equal("false", (await sales.GetDocumentAsync("/sales/care")).QuerySelector($"[data-journey='{welcome}']")!.GetAttribute("data-enabled"));
        try
        {
            // Both actions are seen in the same round; the journey that is on takes its customer in, the other does not.
            var customer = await portal.NewCareCustomerAsync(Clock);
            await portal.ActionAsync(customer, SegmentationActionKind.MoveToSelfService, Clock);
            await portal.ActionAsync(customer, SegmentationActionKind.Reactivate, Clock);
            await portal.UntilAsync(customer, JourneyDefaults.WeMissYou, e => e.CurrentStep >= 1, "we miss you took the customer in");
            Assert.Null(await portal.EnrolmentAsync(customer, JourneyDefaults.Welcome));

            // On again (as htmx does it: the row comes back).
            page = await sales.GetDocumentAsync("/sales/care");
            var form = page.QuerySelector($"[data-journey='{welcome}'] form")!;
            var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("hx-post"))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["enabled"] = "true",
                    ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
                }),
            };
            request.Headers.Add("HX-Request", "true");
            var response = await sales.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith($"<tr id=\"journey-{welcome}\"", (await response.Content.ReadAsStringAsync()).Trim(), StringComparison.Ordinal);
            await portal.UntilAsync(customer, JourneyDefaults.Welcome, e => e.CurrentStep >= 1, "welcome took the customer in once on");
        }
        finally
        {
            await portal.WithDbAsync(db => db.Journeys.Where(j => j.Id == welcome).ExecuteUpdateAsync(u => u.SetProperty(j => j.IsEnabled, true)));
        }
    }

    [Fact]
    public async Task Inside_sales_take_a_customer_out_by_hand_and_it_gets_no_task()
    {
        var kept = await portal.NewCareCustomerAsync(Clock);
        var taken = await portal.NewCareCustomerAsync(Clock);
        await portal.ActionAsync(kept, SegmentationActionKind.Reactivate, Clock);
        await portal.ActionAsync(taken, SegmentationActionKind.Reactivate, Clock);
        await portal.UntilAsync(kept, JourneyDefaults.WeMissYou, e => e.CurrentStep == 2, "waiting for day 21");
        await portal.UntilAsync(taken, JourneyDefaults.WeMissYou, e => e.CurrentStep == 2, "waiting for day 21");
        var journey = await portal.JourneyIdAsync(JourneyDefaults.WeMissYou);
        var enrolment = (await portal.EnrolmentAsync(taken, JourneyDefaults.WeMissYou))!;

        var sales = await portal.SignedInAsync(DemoPortal.Sales);
        var page = await FindMemberPageAsync(sales, journey, taken.Number);
        var form = page.QuerySelector($"#member-{enrolment.Id} form")!;
        var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("hx-post"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["enrolmentId"] = enrolment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            }),
        };
        request.Headers.Add("HX-Request", "true");
        var response = await sales.Http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith($"<tr id=\"member-{enrolment.Id}\"", html.Trim(), StringComparison.Ordinal);
        Assert.Contains("Taken out", html, StringComparison.Ordinal);

        // Without the antiforgery token nothing happens.
        var forged = await sales.Http.PostAsync(form.GetAttribute("hx-post"), new FormUrlEncodedContent(new Dictionary<string, string> { ["enrolmentId"] = "1" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        Clock.Advance(TimeSpan.FromDays(21));
        await portal.UntilAsync(kept, JourneyDefaults.WeMissYou, e => e.Status == JourneyEnrolmentStatus.Completed, "the kept customer's journey ran to its end");
        Assert.Single(await portal.TasksAsync(kept));
        Assert.Empty(await portal.TasksAsync(taken));
        var after = (await portal.EnrolmentAsync(taken, JourneyDefaults.WeMissYou))!;
        Assert.Equal(JourneyEnrolmentStatus.TakenOut, after.Status);
        Assert.Equal(2, after.CurrentStep);
        Assert.NotNull(after.EndedBy);
    }

    [Fact]
    public async Task A_mail_text_is_edited_in_both_languages_and_a_bad_wait_is_refused()
    {
        var sales = await portal.SignedInAsync(DemoPortal.Sales);
        var journey = await portal.JourneyIdAsync(JourneyDefaults.WeMissYou);
        var page = await sales.GetDocumentAsync($"/sales/care/journeys/{journey}");
        Assert.Contains("{articles}", page.QuerySelector("[data-kind=Mail]")!.TextContent, StringComparison.Ordinal);

        var refused = await HtmlClient.ParseAsync(await sales.SubmitAsync(page, "[data-kind=Wait] form", new Dictionary<string, string> { ["waitDays"] = "0" }));
        Assert.Equal("The wait must be between 1 and 365 days.", refused.QuerySelector("[data-kind=Wait] [data-testid=step-error]")!.TextContent);
        var empty = await HtmlClient.ParseAsync(await sales.SubmitAsync(page, "[data-kind=Mail] form", new Dictionary<string, string> { ["subjectDe"] = " " }));
        Assert.Equal("Please fill in subject and text in both languages.", empty.QuerySelector("[data-kind=Mail] [data-testid=step-error]")!.TextContent);

        var original = await portal.WithDbAsync(db => db.JourneySteps.AsNoTracking().SingleAsync(s => s.JourneyId == journey && s.Kind == JourneyStepKind.Mail));
        try
        {
            HtmlClient.AssertRedirect(await sales.SubmitAsync(page, "[data-kind=Mail] form", new Dictionary<string, string> { ["subjectEn"] = "Still there, {company}?" }), $"/sales/care/journeys/{journey}");
            HtmlClient.AssertRedirect(await sales.SubmitAsync(page, "[data-kind=Wait] form", new Dictionary<string, string> { ["waitDays"] = "28" }), $"/sales/care/journeys/{journey}");
            var customer = await portal.NewCareCustomerAsync(Clock);
            await portal.ActionAsync(customer, SegmentationActionKind.Reactivate, Clock);
            await WaitForSubjectAsync(customer.BuyerEmail, $"Still there, Journey test {customer.Number}?");
            await portal.UntilAsync(customer, JourneyDefaults.WeMissYou, e => e.CurrentStep == 2, "waiting");
            var enrolment = (await portal.EnrolmentAsync(customer, JourneyDefaults.WeMissYou))!;
            Assert.Equal(28, (enrolment.NextDueAt - Clock.GetUtcNow()).TotalDays, 3);
        }
        finally
        {
            await portal.WithDbAsync(db => db.JourneySteps.Where(s => s.JourneyId == journey).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.SubjectEn, s => s.Kind == JourneyStepKind.Mail ? original.SubjectEn : s.SubjectEn)
                .SetProperty(s => s.WaitDays, s => s.Kind == JourneyStepKind.Wait ? 21 : s.WaitDays)));
        }
    }

    [Fact]
    public async Task A_buyer_has_no_access_to_automated_care()
    {
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);
        var journey = await portal.JourneyIdAsync(JourneyDefaults.Welcome);
        HtmlClient.AssertRedirect(await buyer.Http.GetAsync("/sales/care"), "/account/access-denied");
        HtmlClient.AssertRedirect(await buyer.Http.GetAsync($"/sales/care/journeys/{journey}"), "/account/access-denied");
    }

    private static async Task<AngleSharp.Dom.IDocument> FindMemberPageAsync(HtmlClient sales, int journey, string number)
    {
        for (var p = 1; p < 50; p++)
        {
            var page = await sales.GetDocumentAsync($"/sales/care/journeys/{journey}?p={p}");
            if (page.QuerySelector($"[data-member='{number}']") is not null)
            {
                return page;
            }
        }

        throw new InvalidOperationException($"{number} is on no page of the journey");
    }

    private static string ListPathIn(MimeKit.MimeMessage mail) =>
        new Uri(mail.TextBody!.Split('\n').First(l => l.StartsWith("https://portal.example/shop/reorder-lists/", StringComparison.Ordinal)).Trim()).AbsolutePath;

    private async Task<MimeKit.MimeMessage> WaitForSubjectAsync(string to, string subject)
    {
        await Eventually.TrueAsync(() => Task.FromResult(portal.Smtp.MessagesTo(to).Any(m => m.Subject == subject)), $"'{subject}' arrived at {to}");
        return portal.Smtp.MessagesTo(to).First(m => m.Subject == subject);
    }
}

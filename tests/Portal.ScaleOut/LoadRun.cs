using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Portal.ScaleOut;

/// The buyers: the company administrator signs in on one instance and invites the buyers through the other
/// (cookies and antiforgery tokens across instances), the buyers accept their invitation mails from the SMTP sink,
/// then each loops through the proxy until the time is up: browse the catalog and a product, add to the cart
/// (or paste a quick order), place the order. A checkout whose answer is lost (the instance died, the proxy
/// answers 502) is sent again with the same form, as a buyer pressing again would; the order number of every
/// success answer is kept.
internal static partial class LoadRun
{
    public const string BuyerPassword = "Scale-out-2026!";

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var proxy = arguments.One("--proxy");
        var instances = arguments.All("--instance");
        if (instances.Count != 2)
        {
            throw new ArgumentException("Give --instance twice: the two portal instances' own addresses.");
        }

        var mails = arguments.One("--mails");
        var resultsPath = arguments.One("--results");
        var buyerCount = arguments.Int("--buyers", 6);
        var duration = TimeSpan.FromSeconds(arguments.Int("--duration", 60));
        var admin = arguments.Optional("--admin") ?? "admin@kunz.example";
        var started = arguments.Optional("--started");
        var demoPassword = arguments.Optional("--password") ?? "Demo-2026!";
        var results = new Results();
        var run = DateTime.UtcNow.ToString("HHmmssfff", CultureInfo.InvariantCulture);

        // 1. A sign-in on instance 1 is a sign-in on instance 2; a form instance 1 rendered posts to instance 2.
        using var company = new WebSession(proxy);
        results.Verify("sign-in through instance 1", await company.SignInAsync(admin, demoPassword, instances[0]), admin);
        var team = await company.GetAsync("/shop/team", instances[1]);
        results.Verify("instance 2 accepts the sign-in cookie instance 1 issued", team.Status == HttpStatusCode.OK, $"GET /shop/team on instance 2: {(int)team.Status}");

        var emails = new List<string>();
        var invited = new List<string>();
        for (var i = 0; i < buyerCount; i++)
        {
            var (from, to) = (instances[i % 2], instances[(i + 1) % 2]);
            var page = await company.GetAsync("/shop/team", from);
            var form = FormWith(page, "input[name='Input.Email']");
            var email = $"scale-{run}-{i}@kunz.example";
            var posted = await company.SubmitAsync(page, form, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Language"] = "en" }, to);
            invited.Add($"{(int)posted.Status}");
            if (posted.Status == HttpStatusCode.Redirect)
            {
                emails.Add(email);
            }
        }

        results.Verify("forms rendered by one instance post through the other (antiforgery)", emails.Count == buyerCount,
            $"{emails.Count} of {buyerCount} invitations accepted, answers {string.Join(",", invited.Distinct())}");

        // 2. The buyers join through the proxy with the link in their invitation mail.
        var links = await InvitationLinksAsync(mails, emails, TimeSpan.FromSeconds(60));
        var buyers = new List<(string Email, WebSession Session)>();
        foreach (var email in emails.Where(links.ContainsKey))
        {
            var session = new WebSession(proxy);
            var uri = new Uri(links[email]);
            var page = await session.GetAsync(uri.PathAndQuery);
            if (page.Document is null)
            {
                continue;
            }

            var joined = await session.SubmitAsync(page, FormWith(page, "input[name='Input.Password']"), new Dictionary<string, string>
            {
                ["Input.Name"] = "Scale-out buyer " + email.Split('@')[0],
                ["Input.Password"] = BuyerPassword,
                ["Input.ConfirmPassword"] = BuyerPassword,
            });
            if (joined.Status == HttpStatusCode.Redirect)
            {
                buyers.Add((email, session));
            }
        }

        results.Verify("buyers joined through the invitation mail", buyers.Count == buyerCount && buyerCount > 0, $"{buyers.Count} of {buyerCount}, {links.Count} invitation mails arrived");
        results.Buyers = buyers.Select(b => b.Email).ToList();

        // 3. The load.
        Console.WriteLine($"Load: {buyers.Count} buyers through {proxy} for {duration.TotalSeconds:0} s");
        results.LoadStartedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (started is not null)
        {
            // The script waits for this to time the nightly run and the kill within the load.
            await File.WriteAllTextAsync(started, results.LoadStartedAt.ToString(CultureInfo.InvariantCulture));
        }

        var deadline = Stopwatch.StartNew();
        await Task.WhenAll(buyers.Select((b, i) => Task.Run(() => BuyAsync(b.Session, b.Email, () => deadline.Elapsed < duration, new Random(i), results))));
        results.LoadEndedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // 4. After the kill and restart: the sessions from before are still signed in on both instances, and a
        //    sign-in on the restarted instance posts through the other.
        var healthy = await HealthyAsync(company, instances, TimeSpan.FromSeconds(120));
        results.Verify("both instances healthy after the load (the killed one started again)", healthy, string.Join(", ", instances));
        if (buyers.Count > 0 && healthy)
        {
            var before = buyers[0].Session;
            var answers = new List<HttpStatusCode>();
            foreach (var instance in instances)
            {
                answers.Add((await before.GetAsync("/shop/cart", instance)).Status);
            }

            results.Verify("a session from before the kill is still signed in on both instances", answers.All(s => s == HttpStatusCode.OK), string.Join(", ", answers.Select(s => (int)s)));

            using var later = new WebSession(proxy);
            var signedIn = await later.SignInAsync(buyers[0].Email, BuyerPassword, instances[1]);
            var catalog = await later.GetAsync("/shop/catalog", instances[1]);
            var productId = ProductIds(catalog).FirstOrDefault();
            var product = await later.GetAsync($"/shop/products/{productId}", instances[1]);
            var added = await later.SubmitAsync(product, AddForms(product)[0], new Dictionary<string, string> { ["quantity"] = "1" }, instances[0]);
            results.Verify("after the restart: a sign-in on instance 2 posts a form through instance 1", signedIn && added.Status == HttpStatusCode.Redirect,
                $"sign-in {signedIn}, add to cart on instance 1: {(int)added.Status}");
        }

        foreach (var (_, session) in buyers)
        {
            session.Dispose();
        }

        results.Save(resultsPath);
        Console.WriteLine($"Load done: {results.Orders.Count} orders answered, {results.Refused.Count} refused; responses: "
            + string.Join(", ", results.Responses.Select(r => $"{r.Key}: {r.Value}")));
        return 0;
    }

    private static async Task<bool> HealthyAsync(WebSession session, IReadOnlyList<string> instances, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var up = 0;
            foreach (var instance in instances)
            {
                try
                {
                    up += (await session.GetAsync("/healthz", instance)).Status == HttpStatusCode.OK ? 1 : 0;
                }
                catch (HttpRequestException)
                {
                }
            }

            if (up == instances.Count)
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }

    private static async Task BuyAsync(WebSession session, string email, Func<bool> running, Random random, Results results)
    {
        var skus = new List<string>();
        var checkouts = 0;
        while (running())
        {
            try
            {
                var catalog = await GetAsync(session, random.Next(3) == 0 ? "/shop/catalog?q=paint" : "/shop/catalog", "catalog", results);
                var ids = ProductIds(catalog);
                if (ids.Count == 0)
                {
                    continue;
                }

                var product = await GetAsync(session, $"/shop/products/{ids[random.Next(ids.Count)]}", "product", results);
                skus.AddRange(product.Document?.QuerySelectorAll("li[data-sku]").Select(e => e.GetAttribute("data-sku")!).Where(s => !skus.Contains(s)) ?? []);
                var forms = AddForms(product);
                if (forms.Count == 0)
                {
                    continue;
                }

                var added = await session.SubmitAsync(product, forms[random.Next(forms.Count)], new Dictionary<string, string> { ["quantity"] = random.Next(2, 9).ToString(CultureInfo.InvariantCulture) });
                results.Count("add to cart", Outcome(added));
                if (added.Location is { } back)
                {
                    // As a browser does: back on the product page, which says whether the pack went into the cart.
                    var shown = await session.GetAsync(back.OriginalString);
                    results.Count("add to cart", shown.Document?.QuerySelector(".alert-error") is { } error ? $"refused: {error.TextContent.Trim()}" : "added");
                }

                if (random.Next(3) == 0 && skus.Count > 1)
                {
                    var quick = await GetAsync(session, "/shop/quick-order", "quick order page", results);
                    var paste = string.Join("\n", Enumerable.Range(0, 2).Select(_ => $"{skus[random.Next(skus.Count)]}\t{random.Next(1, 3)}"));
                    var pasted = await session.SubmitAsync(quick, FormWith(quick, "textarea[name='Paste']"), new Dictionary<string, string> { ["Paste"] = paste });
                    results.Count("quick order", Outcome(pasted));
                }

                await CheckoutAsync(session, email, ++checkouts, results);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                // The instance behind this request died (the proxy has not noticed yet) or answered an error page:
                // counted, and the buyer starts over, as a person would reload.
                results.Count("any", e.GetType().Name);
                await Task.Delay(200);
            }
        }
    }

    private static async Task CheckoutAsync(WebSession session, string email, int n, Results results)
    {
        var page = await GetAsync(session, "/shop/checkout", "checkout page", results);
        if (page.Status != HttpStatusCode.OK)
        {
            return;
        }

        var form = FormWith(page, "input[name='Input.IdempotencyKey']");
        var values = WebSession.FormValues(form, new Dictionary<string, string> { ["Input.CustomerReference"] = $"scale-out {n}" });
        var key = values.First(v => v.Key == "Input.IdempotencyKey").Value;
        var action = WebSession.Action(form, page);
        for (var attempt = 1; attempt <= 60; attempt++)
        {
            WebSession.Page answer;
            try
            {
                answer = await session.PostAsync(action, values);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                results.Count("place order", e.GetType().Name);
                await Task.Delay(250);
                continue;
            }

            results.Count("place order", Outcome(answer));
            if (answer.Status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
            {
                await Task.Delay(250);
                continue;
            }

            var location = answer.Location?.OriginalString ?? "";
            if (answer.Status == HttpStatusCode.Redirect && OrderNumber().Match(location) is { Success: true } match)
            {
                results.Placed(new Results.PlacedOrder(email, key, Uri.UnescapeDataString(match.Groups[1].Value), attempt));
            }
            else if (answer.Status == HttpStatusCode.OK)
            {
                var message = answer.Document?.QuerySelector(".alert-error, .alert-warning, .field-error:not(:empty)")?.TextContent.Trim() ?? "(no message)";
                results.Refuse(new Results.Refusal(email, key, message));
            }

            return;
        }

        results.Refuse(new Results.Refusal(email, key, "no answer after 60 attempts"));
    }

    private static async Task<WebSession.Page> GetAsync(WebSession session, string path, string action, Results results)
    {
        var page = await session.GetAsync(path);
        results.Count(action, Outcome(page));
        return page;
    }

    /// "200", "302 /shop/cart", "302 sign-in" (the session was not recognised), "502"…
    private static string Outcome(WebSession.Page page)
    {
        var status = ((int)page.Status).ToString(CultureInfo.InvariantCulture);
        if (page.Location is not { } location)
        {
            return status;
        }

        var path = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
        return path.StartsWith("/account/login", StringComparison.Ordinal) ? $"{status} sign-in"
            : path.StartsWith("/shop/orders/", StringComparison.Ordinal) ? $"{status} order"
            : $"{status} {Digits().Replace(path, "{id}")}";
    }

    private static IHtmlFormElement FormWith(WebSession.Page page, string selector) =>
        page.Document?.QuerySelector(selector)?.Closest("form") as IHtmlFormElement
        ?? throw new InvalidOperationException($"No form with {selector} at {page.Url} ({(int)page.Status}).");

    private static List<IHtmlFormElement> AddForms(WebSession.Page page) =>
        // The cart's add form, not the "Add to list" form beside it (which posts a pack size too).
        page.Document?.QuerySelectorAll("li[data-sku] form").OfType<IHtmlFormElement>()
            .Where(f => f.QuerySelector("input[name='packSizeId']") is not null && (f.GetAttribute("action") ?? "").StartsWith("/shop/cart", StringComparison.Ordinal)).ToList() ?? [];

    private static List<int> ProductIds(WebSession.Page page) =>
        page.Document?.QuerySelectorAll("a[href^='/shop/products/']")
            .Select(a => int.TryParse(a.GetAttribute("href")!["/shop/products/".Length..].Split('?', '/')[0], CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0).Distinct().ToList() ?? [];

    private static async Task<Dictionary<string, string>> InvitationLinksAsync(string mails, List<string> emails, TimeSpan timeout)
    {
        var links = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && links.Count < emails.Count)
        {
            foreach (var mail in SmtpSink.Read(mails))
            {
                if (emails.Contains(mail.To, StringComparer.OrdinalIgnoreCase) && InvitationLink().Match(mail.Text) is { Success: true } link)
                {
                    links[mail.To] = link.Value;
                }
            }

            await Task.Delay(250);
        }

        return links;
    }

    [GeneratedRegex(@"https?://\S+/account/accept-invitation\?token=[^\s>""]+")]
    private static partial Regex InvitationLink();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"/shop/orders/([^/?]+)")]
    private static partial Regex OrderNumber();
}

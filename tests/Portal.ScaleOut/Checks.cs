using System.Diagnostics;
using Npgsql;

namespace Portal.ScaleOut;

/// After the load, in SQL on the shared database: every order the buyers got a success answer for exists exactly
/// once (none lost, none twice, none placed that nobody was told about), every mail in the outbox reached the SMTP
/// sink once, today's nightly segmentation ran once, and the cross-instance checks of the load held.
internal static class Checks
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var results = Results.Load(arguments.One("--results"));
        var mailLog = arguments.One("--mails");
        var killedAt = arguments.Optional("--kill-at") is { } text ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : (long?)null;
        await using var data = NpgsqlDataSource.Create(arguments.One("--postgres"));
        var failures = new List<string>();

        Console.WriteLine();
        Console.WriteLine("Responses by action: " + string.Join(", ", results.Responses.Select(r => $"{r.Key}: {r.Value}")));
        foreach (var check in results.Checks.Where(c => !c.Ok))
        {
            failures.Add($"{check.Name} ({check.Detail})");
        }

        var badRequests = results.Responses.Where(r => r.Key.EndsWith(" 400", StringComparison.Ordinal)).Sum(r => r.Value);
        var signedOut = results.Responses.Where(r => r.Key.EndsWith(" sign-in", StringComparison.Ordinal)).Sum(r => r.Value);
        if (badRequests > 0)
        {
            failures.Add($"{badRequests} requests refused with 400 (antiforgery token not accepted by the other instance?)");
        }

        if (signedOut > 0)
        {
            failures.Add($"{signedOut} shop requests sent to the sign-in page (session not recognised by the other instance?)");
        }

        // Orders.
        var answered = results.Orders.Select(o => o.Number).ToList();
        var stored = new List<(string Number, string? Key)>();
        await using (var command = data.CreateCommand("""
            SELECT o."Number", o."IdempotencyKey" FROM "Orders" o JOIN "AspNetUsers" u ON u."Id" = o."PlacedByUserId"
            WHERE lower(u."Email") = ANY(@buyers)
            """))
        {
            command.Parameters.AddWithValue("buyers", results.Buyers.Select(b => b.ToLowerInvariant()).ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
        }

        var lost = answered.Except(stored.Select(s => s.Number)).ToList();
        var twice = stored.GroupBy(s => s.Number).Where(g => g.Count() > 1).Select(g => g.Key)
            .Concat(stored.Where(s => s.Key is not null).GroupBy(s => s.Key).Where(g => g.Count() > 1).Select(g => $"key {g.Key}"))
            .Concat(answered.GroupBy(n => n).Where(g => g.Count() > 1 && results.Orders.Where(o => o.Number == g.Key).Select(o => o.Key).Distinct().Count() > 1).Select(g => $"{g.Key} answered for two checkouts"))
            .ToList();
        var unanswered = stored.Select(s => s.Number).Except(answered).ToList();
        var retried = results.Orders.Count(o => o.Attempts > 1);
        Console.WriteLine($"Orders: {answered.Distinct().Count()} answered with success ({retried} after sending the checkout again), {stored.Count} in the database; "
            + $"lost {lost.Count}, twice {twice.Count}, placed without an answer {unanswered.Count}; refused {results.Refused.Count}");
        foreach (var refusal in results.Refused.GroupBy(r => r.Message).Take(5))
        {
            Console.WriteLine($"  refused {refusal.Count()}×: {refusal.Key}");
        }

        if (answered.Count == 0)
        {
            failures.Add("no order was placed at all");
        }

        Fail(failures, lost, "answered orders missing from the database");
        Fail(failures, twice, "orders stored or answered twice");
        Fail(failures, unanswered, "orders in the database that no buyer got an answer for");

        // Mail: wait until the outbox has sent what the run queued (the restarted instance and the survivor share it).
        var since = DateTimeOffset.FromUnixTimeMilliseconds(results.LoadStartedAt).AddMinutes(-5);
        var outbox = await OutboxAsync(data, since);
        var clock = Stopwatch.StartNew();
        while (outbox.Any(m => m.Status is "Pending" or "Sending") && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(500);
            outbox = await OutboxAsync(data, since);
        }

        var received = SmtpSink.Read(mailLog);
        var byId = received.GroupBy(m => m.MessageId).ToDictionary(g => g.Key, g => g.ToList());
        var sent = outbox.Where(m => m.Status == "Sent").ToList();
        var notSent = outbox.Where(m => m.Status != "Sent").Select(m => $"{m.Id} {m.Kind} {m.Status}").ToList();
        var missing = sent.Where(m => !byId.ContainsKey(m.MessageId)).Select(m => $"{m.Id} {m.Kind}").ToList();
        var duplicates = byId.Where(g => g.Value.Count > 1).ToList();
        // At-least-once, as every mail system: a mail the killed instance handed to the SMTP server but had not yet
        // recorded as sent goes out again when its lease runs out. Only that case is allowed twice.
        var attempts = outbox.ToDictionary(m => m.MessageId, m => m.Attempts);
        // The sink stamps a mail when it has read all of it: a mail the killed instance wrote out just before the
        // kill can be stamped a moment after it (seen once, with the resend 15 s later), hence the second's grace.
        var resentAfterCrash = duplicates.Where(d => killedAt is { } kill && d.Value.Min(m => m.At) <= kill + 1_000 && attempts.GetValueOrDefault(d.Key) > 1).Select(d => d.Key).ToList();
        var twiceMail = duplicates.Select(d => d.Key).Except(resentAfterCrash).Select(id => $"{id} ({byId[id].Count}× to {byId[id][0].To}: {byId[id][0].Subject})").ToList();
        // Two outbox rows for one event (a checkout sent again must not queue its confirmation again).
        var sameMail = received.Where(m => attempts.ContainsKey(m.MessageId)).GroupBy(m => (m.To, m.Subject)).Where(g => g.Select(m => m.MessageId).Distinct().Count() > 1)
            .Select(g => $"{g.Count()}× to {g.Key.To}: {g.Key.Subject}").ToList();
        var unknown = received.Where(m => !attempts.ContainsKey(m.MessageId) && m.At >= since.ToUnixTimeMilliseconds()).Select(m => m.MessageId).Distinct().ToList();
        Console.WriteLine($"Mail: {outbox.Count} queued in the outbox during the run, {sent.Count} sent, {received.Count} received by the SMTP sink "
            + $"({byId.Count} distinct); sent twice {twiceMail.Count}, resent after the crash (at-least-once) {resentAfterCrash.Count}, "
            + $"same mail queued twice {sameMail.Count}, sent but not received {missing.Count}, not sent {notSent.Count}, received but not in the outbox {unknown.Count}");
        foreach (var kind in outbox.GroupBy(m => m.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {kind.Key}: {kind.Count()}");
        }

        Fail(failures, twiceMail, "mails received twice");
        Fail(failures, sameMail, "mails queued twice for one event");
        Fail(failures, missing, "mails marked sent that the SMTP sink never received");
        Fail(failures, notSent, "mails not sent 90 s after the load");
        Fail(failures, unknown, "mails received that are not in the outbox");

        // The nightly segmentation: both instances' workers were due; one ran it.
        var nightly = new List<string>();
        await using (var command = data.CreateCommand("""SELECT "Id", "Status", coalesce("ClaimedBy", ''), "AsOf"::text FROM "SegmentationRuns" WHERE "Trigger" = 'Nightly' ORDER BY "Id" """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                nightly.Add($"run {reader.GetInt64(0)} as of {reader.GetString(3)}: {reader.GetString(1)} on {reader.GetString(2)}");
            }
        }

        Console.WriteLine($"Nightly segmentation runs: {nightly.Count} ({string.Join("; ", nightly)})");
        if (nightly.Count != 1 || !nightly[0].Contains(": Completed on ", StringComparison.Ordinal))
        {
            failures.Add($"expected one completed nightly run, found {nightly.Count}: {string.Join("; ", nightly)}");
        }

        Console.WriteLine();
        Console.WriteLine($"Cross-instance checks: {results.Checks.Count(c => c.Ok)} of {results.Checks.Count} held");
        if (failures.Count == 0)
        {
            Console.WriteLine($"SCALE-OUT PASSED: {answered.Count} orders, none lost or duplicated; {sent.Count} mails, none twice; one nightly run.");
            return 0;
        }

        Console.WriteLine("SCALE-OUT FAILED:");
        foreach (var failure in failures)
        {
            Console.WriteLine("  - " + failure);
        }

        return 1;
    }

    private static void Fail(List<string> failures, List<string> items, string what)
    {
        if (items.Count > 0)
        {
            failures.Add($"{items.Count} {what}: {string.Join(", ", items.Take(5))}{(items.Count > 5 ? ", …" : "")}");
        }
    }

    private sealed record Mail(long Id, string Kind, string Status, string MessageId, int Attempts);

    private static async Task<List<Mail>> OutboxAsync(NpgsqlDataSource data, DateTimeOffset since)
    {
        var mails = new List<Mail>();
        await using var command = data.CreateCommand("""SELECT "Id", "Kind", "Status"::text, "MessageId", "Attempts" FROM "OutboxMessages" WHERE "CreatedAt" >= @since""");
        command.Parameters.AddWithValue("since", since);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            mails.Add(new Mail(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
        }

        return mails;
    }
}

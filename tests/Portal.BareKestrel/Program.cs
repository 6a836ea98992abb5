// A bare Kestrel endpoint for scripts/loadtest.sh: GET /{size} answers `size` bytes of HTML-ish text, so that a shop
// page and its reference are the same number of bytes on the wire. No logging, no middleware.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var bodies = new System.Collections.Concurrent.ConcurrentDictionary<int, byte[]>();
app.MapGet("/{size:int:range(0,10000000)}", (int size) =>
    Results.Bytes(bodies.GetOrAdd(size, n => System.Text.Encoding.ASCII.GetBytes(new string('x', n))), "text/html; charset=utf-8"));
app.Run();

using CityMesh.Operator;

if (args.Any(a => a is "--help" or "-h" or "-?"))
{
    Console.WriteLine(Usage.Text);
    return 0;
}

// run until SIGTERM: the hosted service stops its workers and releases the Lease, then Kestrel stops
await OperatorApp.Build(args).RunAsync();
return 0;

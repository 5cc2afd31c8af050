namespace TrackPipeline.App;

public static class Usage
{
    public const string Text = """
        TrackPipeline: process liquid-argon TPC track datasets into Parquet tables and images.

        Usage: dotnet run --project src/TrackPipeline -c Release -- <command> [options]

        Commands:
          run       the main job: read tracks, drift, read out, measure topology, classify, write outputs
            --input DIR            dataset root (<material>/<particle>/E<7 digits>/TrackE*.npz at any depth);
                                   without it a small default dataset is generated into OUT/generated
            --output DIR           output folder (default: out); re-running into it resumes
            --shard K/N            process a deterministic 1/N of the tracks (default 0/1)
            --seed S               run seed (default 12345)
            --max-parallelism P    tracks in flight per stage (default: one per core)
            --readout NAME         readout preset: GAMPixG (default), GAMPixD, LArPix, AnodeGridD, none
            --depth M              extra drift distance, metres (default 0)
            --pipeline NAME        a preset of pipelines/: full, tables, larpix, quest, noiseless
            --images MODE          pictures: all (default: every track, contact sheets, gallery), quest, none
            --config FILE          extra JSON settings (same layout as appsettings.json)
            --Section:Key VALUE    any setting, e.g. --Run:TracksPerFile 500
          generate  simulate tracks (condensed-history e-/e+/photon transport in LAr) and write them in the dataset format
            --output DIR           dataset root to write <material>/<particle>/E<7 digits>/TrackE*.{npz,pickle}
            --particles LIST       electrons,photons,positrons (default electrons,photons)
            --energies-kev LIST    primary energies in keV (default 1000,10000)
            --count N              tracks per particle and energy (default 10)
            --seed S               seed; names and tracks follow from it (default 12345)
            --material NAME        medium config (default LAr)
            --max-parallelism P    tracks generated at once (default: one per core)
          train     fit the track classifier on generated tracks (docs/classification.md); writes config/models/
            --seed S --count N --energies-kev LIST   the generated sample (default: config/analysis.json, Training)
            --input DIR            train on an existing dataset with truth pickles instead of generating
            --work DIR             where generated tracks go (reused when complete)
            --model-dir DIR        output folder (default config/models: run from the repository root)
          evaluate  classify tracks with truth and report confusion matrix, efficiency, purity, issue-9 targets
            --input DIR            a dataset with pickles, e.g. ../shared/data/Tracks; or without it:
            --seed S --count N --energies-kev LIST   fresh generated tracks (use a seed other than the training one)
            --report FILE.md       also write the report there
          inspect FILE.npz  print one JSON object describing a track and its truth
          version           print the version

        Settings come from appsettings.json, then --config FILE, then environment variables
        TRACKPIPELINE_<Section>__<Key>, then the command line.

        Exit codes: 0 all inputs processed; 2 finished with rejected inputs (see OUT/errors);
                    1 fatal (bad settings, unwritable output); 130 interrupted (re-run to resume).

        """;
}

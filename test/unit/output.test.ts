import { simplifyFolder } from '../../nodes/OzForensics/output/simplify';

describe('simplifyFolder', () => {
	const folder = {
		folder_id: 'f-1',
		resolution_status: 'FINISHED',
		system_resolution: 'DECLINED',
		meta_data: { case_id: 'A-1' },
		media: [{ media_id: 'm-1' }],
		analyses: [
			{
				analyse_id: 'a-1',
				type: 'QUALITY',
				state: 'FINISHED',
				resolution_status: 'DECLINED',
				results_media: [
					{
						source_video_id: 'm-1',
						resolution_status: 'SUCCESS',
						results_data: { confidence_spoofing: 0.12 },
						output_images: [],
					},
					{
						source_shots_set_id: 'm-2',
						resolution_status: 'DECLINED',
						results_data: { confidence_spoofing: 0.91 },
						output_images: [{ original_url: 'https://oz/best.jpg' }],
					},
				],
			},
			{
				analysis_id: 'a-2',
				type: 'BIOMETRY',
				state: 'FINISHED',
				resolution: 'SUCCESS',
				results_data: { min_confidence: 0.93, max_confidence: 0.97 },
				results_media: [
					{
						source_video_id: 'm-1',
						resolution_status: 'SUCCESS',
						results_data: { confidence: 0.95, label: 'x' },
					},
				],
			},
			{
				analysis_id: 'a-3',
				type: 'COLLECTION',
				collection_id: 'c-1',
				state: 'FINISHED',
				resolution: 'DECLINED',
				// A hit names its person; its collection is the analysis' unless it names another.
				results_media: [
					{ person_id: 'p-9', results_data: { confidence: 0.97 } },
					{ person_id: 'p-4', collection_id: 'c-2' },
					{ source_media_id: 'm-1' },
				],
			},
			{
				analysis_id: 'a-4',
				type: 'BIOMETRY',
				state: 'FAILED',
				resolution: 'FAILED',
				error_code: 4,
				error_message: 'needs two faces',
			},
		],
	};

	it('gives the decision, one line per analysis with its headline score, and the best shot', () => {
		expect(simplifyFolder(folder)).toEqual({
			folder_id: 'f-1',
			system_resolution: 'DECLINED',
			resolution_status: 'FINISHED',
			meta_data: { case_id: 'A-1' },
			best_shot_url: 'https://oz/best.jpg',
			analyses: [
				{
					analysis_id: 'a-1',
					type: 'QUALITY',
					state: 'FINISHED',
					resolution: 'DECLINED',
					confidence_spoofing: 0.91,
					best_shot_url: 'https://oz/best.jpg',
					media: [
						{ media_id: 'm-1', confidence_spoofing: 0.12, resolution: 'SUCCESS' },
						{ media_id: 'm-2', confidence_spoofing: 0.91, resolution: 'DECLINED' },
					],
				},
				{
					analysis_id: 'a-2',
					type: 'BIOMETRY',
					state: 'FINISHED',
					resolution: 'SUCCESS',
					min_confidence: 0.93,
					max_confidence: 0.97,
					media: [{ media_id: 'm-1', confidence: 0.95, resolution: 'SUCCESS' }],
				},
				{
					analysis_id: 'a-3',
					type: 'COLLECTION',
					state: 'FINISHED',
					resolution: 'DECLINED',
					hits: [
						{ person_id: 'p-9', collection_id: 'c-1', score: 0.97 },
						{ person_id: 'p-4', collection_id: 'c-2' },
					],
				},
				{
					analysis_id: 'a-4',
					type: 'BIOMETRY',
					state: 'FAILED',
					resolution: 'FAILED',
					min_confidence: null,
					max_confidence: null,
					media: [],
					error_code: 4,
					error_message: 'needs two faces',
				},
			],
		});
	});

	it('never shows a processing stage as the decision: without system_resolution the decision is null', () => {
		expect(simplifyFolder({ folder_id: 'f-2', resolution_status: 'FINISHED' })).toEqual({
			folder_id: 'f-2',
			system_resolution: null,
			resolution_status: 'FINISHED',
			analyses: [],
		});
		expect(simplifyFolder({ folder_id: 'f-2', resolution_status: 'PROCESSING' })).toEqual({
			folder_id: 'f-2',
			system_resolution: null,
			resolution_status: 'PROCESSING',
			analyses: [],
			still_analysing: true,
			note: expect.stringMatching(/still analysing.*Analysis → Wait/),
		});
		// A host that puts the stage into the decision: still no decision shown.
		expect(
			simplifyFolder({
				folder_id: 'f-3',
				system_resolution: 'PROCESSING',
				analyses: [{ type: 'QUALITY', state: 'PROCESSING' }],
			}),
		).toMatchObject({ system_resolution: null, still_analysing: true });
	});
});
